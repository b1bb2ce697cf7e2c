/**
 * security.txt (RFC 9116): parses a vendor's file and checks it against the RFC, so the registry
 * can tell a vendor what is wrong with the vulnerability contact it publishes. Hand-written: no
 * well-kept npm library parses security.txt, and the format is small.
 *
 * Pure: the caller fetches the file and passes the current time. Never throws on any string.
 * An OpenPGP cleartext signature wrapper (RFC 9580 §7) is recognised and stripped, and reported
 * as `signed`; the signature itself is NOT verified, so `signed` says only that the file is
 * wrapped, not that anyone in particular signed it. Language tags are checked for RFC 5646
 * syntax, not against the IANA subtag registry.
 */

/** Larger inputs are refused before parsing (real files are well under 2 KiB). */
export const SECURITY_TXT_MAX_BYTES = 32 * 1024;
export const SECURITY_TXT_MAX_LINES = 1000;

/** Stable identifiers, used by the UI and the API: never rename or reuse one. */
export const SECURITY_TXT_ISSUE_CODES = [
  'missing_contact',
  'missing_expires',
  'multiple_expires',
  'invalid_expires',
  'expired',
  'expires_too_far',
  'invalid_uri',
  'insecure_uri',
  'multiple_preferred_languages',
  'invalid_language_tag',
  'malformed_line',
  'control_character',
  'too_large',
  'unknown_field',
  'canonical_mismatch',
] as const;
export type SecurityTxtIssueCode = (typeof SECURITY_TXT_ISSUE_CODES)[number];

export interface SecurityTxtIssue {
  /** 1-based line in the input as given (signature wrapper included); null for the whole file. */
  line: number | null;
  /** The field as the RFC spells it (as written, for unknown fields); null when not about one. */
  field: string | null;
  severity: 'error' | 'warning';
  code: SecurityTxtIssueCode;
  message: string;
}

/**
 * The fields found. Only values that pass their checks are kept here (an `http:` Contact, say,
 * appears only in an issue), so a consumer can link to them as they are.
 */
export interface SecurityTxt {
  contact: string[];
  /** The Expires value as written, when there is one valid RFC 3339 date-time (the first). */
  expires: string | null;
  encryption: string[];
  acknowledgments: string[];
  /** The valid tags of the first Preferred-Languages field. */
  preferredLanguages: string[];
  canonical: string[];
  policy: string[];
  hiring: string[];
  csaf: string[];
  /** Fields this module does not know, as written (extension fields are allowed by §2.4). */
  other: Array<{ field: string; value: string }>;
  /** Wrapped in a complete OpenPGP cleartext signature. Not verified. */
  signed: boolean;
}

export interface SecurityTxtReport {
  /** No errors (warnings allowed). */
  ok: boolean;
  expired: boolean;
  fields: SecurityTxt;
  issues: SecurityTxtIssue[];
}

export interface SecurityTxtOptions {
  /**
   * The URL the file was fetched from. When the file has Canonical fields and none equals it,
   * a `canonical_mismatch` warning (§2.5.2: such a file SHOULD NOT be trusted). A file without
   * Canonical fields is not flagged: the field is optional.
   */
  expectedCanonical?: string;
}

type UriRule = 'contact' | 'https' | 'any';

const KNOWN_FIELDS: Record<string, { name: string; uri?: UriRule }> = {
  contact: { name: 'Contact', uri: 'contact' },
  expires: { name: 'Expires' },
  encryption: { name: 'Encryption', uri: 'any' },
  acknowledgments: { name: 'Acknowledgments', uri: 'any' },
  'preferred-languages': { name: 'Preferred-Languages' },
  canonical: { name: 'Canonical', uri: 'https' },
  policy: { name: 'Policy', uri: 'https' },
  hiring: { name: 'Hiring', uri: 'any' },
  // CSAF 2.0 §7.1.8: the URL of the provider-metadata.json, over https.
  csaf: { name: 'CSAF', uri: 'https' },
};

/** Common misspellings, so the warning can say what was meant. */
const SPELLING_HINTS: Record<string, string> = {
  acknowledgements: 'Acknowledgments',
  'preferred-language': 'Preferred-Languages',
  contacts: 'Contact',
  expiry: 'Expires',
  expire: 'Expires',
};

const SIGNED_BEGIN = '-----BEGIN PGP SIGNED MESSAGE-----';
const SIGNATURE_BEGIN = '-----BEGIN PGP SIGNATURE-----';
const SIGNATURE_END = '-----END PGP SIGNATURE-----';

/** C0 controls except tab, DEL, C1 controls. A CR is allowed only as part of a CRLF line break. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
/** RFC 5322 field-name: printable ASCII except the colon; then the value (RFC 9116 §4 ABNF). */
const FIELD_LINE = /^([!-9;-~]+):[ \t]*(.*)$/s;
/** RFC 3986 §3: scheme, then only URI characters, with %-escapes well formed. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
/** RFC 3339 §5.6 date-time ("T" and "Z" may be lower case, §5.6 note). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const ALNUM = '[a-z0-9]';
/** RFC 5646 §2.1 Language-Tag (well-formed syntax), matched case-insensitively. */
const LANGUAGE_TAG = new RegExp(
  '^(?:' +
    // langtag: language [-script] [-region] *(-variant) *(-extension) [-privateuse]
    `(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})` +
    `(?:-[a-z]{4})?` +
    `(?:-(?:[a-z]{2}|\\d{3}))?` +
    `(?:-(?:${ALNUM}{5,8}|\\d${ALNUM}{3}))*` +
    `(?:-[0-9a-wy-z](?:-${ALNUM}{2,8})+)*` +
    `(?:-x(?:-${ALNUM}{1,8})+)?` +
    // privateuse alone
    `|x(?:-${ALNUM}{1,8})+` +
    // grandfathered
    '|en-gb-oed|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)' +
    '|sgn-(?:be-fr|be-nl|ch-de)|art-lojban|cel-gaulish|no-(?:bok|nyn)|zh-(?:guoyu|hakka|min|min-nan|xiang)' +
    ')$',
  'i',
);

export function parseSecurityTxt(text: string, now: Date, options: SecurityTxtOptions = {}): SecurityTxtReport {
  const ctx: Context = {
    fields: {
      contact: [],
      expires: null,
      encryption: [],
      acknowledgments: [],
      preferredLanguages: [],
      canonical: [],
      policy: [],
      hiring: [],
      csaf: [],
      other: [],
      signed: false,
    },
    issues: [],
    contactSeen: false,
    expiresLine: null,
    languagesSeen: false,
  };
  const { fields, issues } = ctx;
  const report = (expired: boolean): SecurityTxtReport => ({ ok: !issues.some((i) => i.severity === 'error'), expired, fields, issues });

  const input = typeof text === 'string' ? text : '';
  if (utf8Length(input) > SECURITY_TXT_MAX_BYTES) {
    addIssue(ctx, null, null, 'error', 'too_large', `The file is larger than ${SECURITY_TXT_MAX_BYTES} bytes (32 KiB), the most that is read.`);
    return report(false);
  }
  const rawLines = input.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (rawLines.length > 1 && rawLines[rawLines.length - 1] === '') rawLines.pop(); // the final line break
  if (rawLines.length > SECURITY_TXT_MAX_LINES) {
    addIssue(ctx, null, null, 'error', 'too_large', `The file has ${rawLines.length} lines; at most ${SECURITY_TXT_MAX_LINES} are read.`);
    return report(false);
  }

  // A line with a control character is reported and otherwise ignored.
  const lines: Line[] = [];
  rawLines.forEach((raw, i) => {
    const match = CONTROL.exec(raw);
    if (!match) {
      lines.push({ no: i + 1, text: raw });
      return;
    }
    const code = match[0].charCodeAt(0);
    const what = code === 0x0d ? 'a carriage return without a line feed' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    addIssue(ctx, i + 1, null, 'error', 'control_character', `Line ${i + 1} contains ${what}; only tab is allowed.`);
  });

  for (const line of unwrapSignature(ctx, lines)) parseLine(ctx, line);

  if (!ctx.contactSeen) addIssue(ctx, null, 'Contact', 'error', 'missing_contact', 'There is no Contact field; at least one is required (RFC 9116 §2.5.3).');
  if (ctx.expiresLine === null) addIssue(ctx, null, 'Expires', 'error', 'missing_expires', 'There is no Expires field; exactly one is required (RFC 9116 §2.5.5).');

  let expired = false;
  const expiresAt = fields.expires === null ? null : parseDateTime(fields.expires);
  if (expiresAt !== null && now instanceof Date && !Number.isNaN(now.getTime())) {
    if (expiresAt.getTime() <= now.getTime()) {
      expired = true;
      addIssue(ctx, ctx.expiresLine, 'Expires', 'error', 'expired', `The file expired at ${fields.expires}; its content is stale until it is updated with a new Expires date.`);
    } else {
      const yearAhead = new Date(now.getTime());
      yearAhead.setUTCFullYear(yearAhead.getUTCFullYear() + 1);
      if (expiresAt.getTime() > yearAhead.getTime()) {
        addIssue(ctx, ctx.expiresLine, 'Expires', 'warning', 'expires_too_far', `Expires (${fields.expires}) is more than a year ahead; RFC 9116 §2.5.5 recommends less than a year, so that the file is reviewed.`);
      }
    }
  }

  if (typeof options?.expectedCanonical === 'string' && fields.canonical.length > 0) {
    const expected = normalizeUrl(options.expectedCanonical);
    if (!fields.canonical.some((c) => normalizeUrl(c) === expected)) {
      addIssue(ctx, null, 'Canonical', 'warning', 'canonical_mismatch', `The file was fetched from ${clip(options.expectedCanonical)}, which no Canonical field lists; RFC 9116 §2.5.2 says such a file should not be trusted.`);
    }
  }

  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)); // stable: file-wide issues last
  return report(expired);
}

interface Line {
  /** 1-based, in the input as given. */
  no: number;
  /** Without the line break; trailing blanks kept (dash-escapes need them) until parseLine. */
  text: string;
}

/** Blanks are allowed before a line break (RFC 9116 §4, eol). A loop: /[ \t]+$/ is quadratic on long runs of blanks. */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

function trim(text: string): string {
  let start = 0;
  while (start < text.length && isBlank(text.charCodeAt(start))) start++;
  return trimEnd(text.slice(start));
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

interface Context {
  fields: SecurityTxt;
  issues: SecurityTxtIssue[];
  /** A Contact field was present, valid or not (an invalid one is not also "missing"). */
  contactSeen: boolean;
  /** The line of the first Expires field, valid or not. */
  expiresLine: number | null;
  languagesSeen: boolean;
}

function addIssue(ctx: Context, line: number | null, field: string | null, severity: SecurityTxtIssue['severity'], code: SecurityTxtIssueCode, message: string): void {
  ctx.issues.push({ line, field, severity, code, message });
}

/**
 * Strips an OpenPGP cleartext signature wrapper if the file starts with one, undoing dash-escapes.
 * Lines outside the signed message are reported, not parsed: nothing unsigned passes as signed.
 */
function unwrapSignature(ctx: Context, lines: Line[]): Line[] {
  const first = lines.find((l) => trimEnd(l.text) !== '');
  if (!first || trimEnd(first.text) !== SIGNED_BEGIN) return lines;

  const body: Line[] = [];
  let state: 'headers' | 'body' | 'signature' | 'after' = 'headers';
  for (const line of lines) {
    if (line.no <= first.no) continue;
    const { no } = line;
    const text = trimEnd(line.text);
    switch (state) {
      case 'headers':
        if (text === '') state = 'body';
        else if (!/^[A-Za-z][A-Za-z0-9-]*: /.test(text)) addIssue(ctx, no, null, 'error', 'malformed_line', `Line ${no} is not an armor header such as "Hash: SHA256"; the headers end with a blank line.`);
        break;
      case 'body':
        if (text === SIGNATURE_BEGIN) state = 'signature';
        else if (line.text.startsWith('- ')) body.push({ no, text: line.text.slice(2) });
        else if (text.startsWith('-')) addIssue(ctx, no, null, 'error', 'malformed_line', `Line ${no} starts with "-" but is not dash-escaped ("- "), as a cleartext signature requires.`);
        else body.push(line);
        break;
      case 'signature':
        if (text === SIGNATURE_END) state = 'after';
        break;
      case 'after':
        if (text !== '') addIssue(ctx, no, null, 'error', 'malformed_line', `Line ${no} comes after the signature; content outside the signed message is ignored.`);
        break;
    }
  }
  if (state === 'after') ctx.fields.signed = true;
  else {
    const missing = state === 'signature' ? SIGNATURE_END : SIGNATURE_BEGIN;
    addIssue(ctx, first.no, null, 'error', 'malformed_line', `The cleartext signature starting on line ${first.no} is incomplete: there is no "${missing}" line.`);
  }
  return body;
}

function parseLine(ctx: Context, line: Line): void {
  const { fields } = ctx;
  const { no } = line;
  const text = trimEnd(line.text);
  if (text === '' || text.startsWith('#')) return;
  const match = FIELD_LINE.exec(text);
  if (!match) {
    const why = /^[ \t]/.test(text) ? 'starts with whitespace (continuation lines are not allowed)' : 'is not a "Field: value" line, a # comment or blank';
    addIssue(ctx, no, null, 'error', 'malformed_line', `Line ${no} ${why}.`);
    return;
  }
  const rawName = match[1] ?? '';
  const value = match[2] ?? '';
  const known = KNOWN_FIELDS[rawName.toLowerCase()];
  if (!known) {
    fields.other.push({ field: rawName, value });
    const hint = SPELLING_HINTS[rawName.toLowerCase()];
    const message = hint ? `"${clip(rawName)}" is not a security.txt field; did you mean "${hint}"?` : `"${clip(rawName)}" is not a field RFC 9116 or CSAF defines; it is kept but has no meaning here.`;
    addIssue(ctx, no, rawName, 'warning', 'unknown_field', message);
    return;
  }
  const field = known.name;

  if (field === 'Expires') {
    if (ctx.expiresLine !== null) {
      addIssue(ctx, no, field, 'error', 'multiple_expires', `Line ${no} is a second Expires field (the first is on line ${ctx.expiresLine}); there must be exactly one.`);
      return;
    }
    ctx.expiresLine = no;
    if (parseDateTime(value) === null) addIssue(ctx, no, field, 'error', 'invalid_expires', `Expires "${clip(value)}" is not an RFC 3339 date-time such as 2026-12-31T23:59:59Z.`);
    else fields.expires = value;
    return;
  }

  if (field === 'Preferred-Languages') {
    if (ctx.languagesSeen) {
      addIssue(ctx, no, field, 'error', 'multiple_preferred_languages', `Line ${no} is a second Preferred-Languages field; there may be one, listing the languages separated by commas.`);
      return;
    }
    ctx.languagesSeen = true;
    const invalid: string[] = [];
    for (const tag of value.split(',').map(trim)) {
      if (LANGUAGE_TAG.test(tag)) fields.preferredLanguages.push(tag);
      else invalid.push(tag);
    }
    if (invalid.length > 0) {
      // One issue per line, however many bad entries it has.
      const listed = invalid.slice(0, 5).map((t) => (t === '' ? '(empty)' : `"${clip(t)}"`));
      if (invalid.length > 5) listed.push(`and ${invalid.length - 5} more`);
      addIssue(ctx, no, field, 'error', 'invalid_language_tag', `Preferred-Languages lists entries that are not BCP 47 language tags such as "en" or "ja-JP": ${listed.join(', ')}.`);
    }
    return;
  }

  if (field === 'Contact') ctx.contactSeen = true;
  const problem = uriProblem(value, known.uri ?? 'any');
  if (problem) {
    addIssue(ctx, no, field, 'error', problem.code, `${field} "${clip(value)}" ${problem.message}.`);
    return;
  }
  const lists: Record<string, string[]> = {
    Contact: fields.contact,
    Encryption: fields.encryption,
    Acknowledgments: fields.acknowledgments,
    Canonical: fields.canonical,
    Policy: fields.policy,
    Hiring: fields.hiring,
    CSAF: fields.csaf,
  };
  lists[field]?.push(value);
}

function uriProblem(value: string, rule: UriRule): { code: 'invalid_uri' | 'insecure_uri'; message: string } | null {
  if (!URI.test(value)) return { code: 'invalid_uri', message: 'is not a URI (RFC 3986); e-mail addresses need "mailto:", telephone numbers "tel:"' };
  const scheme = value.slice(0, value.indexOf(':')).toLowerCase();
  if (scheme === 'http') return { code: 'insecure_uri', message: 'uses http:; web URIs must use https: (RFC 9116 §2.3)' };
  if (scheme === 'https') return isHttpsUrl(value) ? null : { code: 'invalid_uri', message: 'is not a valid https URL' };
  if (rule === 'https') return { code: 'invalid_uri', message: 'must be an https: URL' };
  if (rule === 'contact' && scheme !== 'mailto' && scheme !== 'tel') return { code: 'invalid_uri', message: 'must be an https:, mailto: or tel: URI' };
  return null;
}

function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\/[^/?#]/i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

function normalizeUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

/** The instant of an RFC 3339 date-time, or null if it is not one (including 2025-02-30). */
export function parseDateTime(value: string): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offsetHour = Number(m[10]);
    const offsetMinute = Number(m[11]);
    if (offsetHour > 23 || offsetMinute > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  date.setUTCHours(hour, minute, second, millis); // a leap second (:60) rolls into the next minute
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > SECURITY_TXT_MAX_BYTES) return bytes; // enough to refuse; no need to count on
  }
  return bytes;
}

/** Values quoted in messages are cut short. */
function clip(value: string): string {
  return value.length <= 80 ? value : `${Array.from(value).slice(0, 77).join('')}…`;
}
