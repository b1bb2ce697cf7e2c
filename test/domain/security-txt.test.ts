import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  parseDateTime,
  parseSecurityTxt,
  SECURITY_TXT_ISSUE_CODES,
  SECURITY_TXT_MAX_BYTES,
  SECURITY_TXT_MAX_LINES,
  type SecurityTxtIssueCode,
  type SecurityTxtReport,
} from '../../src/domain/security-txt.ts';

const NOW = new Date('2026-01-15T00:00:00Z');
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 500;

const VALID_HEAD = ['Contact: mailto:security@example.com', 'Expires: 2026-06-30T23:59:59+09:00'];
/** A minimal valid file plus the given lines. */
const withLines = (...lines: string[]) => [...VALID_HEAD, ...lines, ''].join('\n');

const codes = (report: SecurityTxtReport) => report.issues.map((i) => i.code);
function only(report: SecurityTxtReport, code: string) {
  const found = report.issues.filter((i) => i.code === code);
  assert.equal(found.length, 1, `${code} once in ${JSON.stringify(report.issues)}`);
  return found[0]!;
}

const COMPLETE = [
  '# Security contact for Example Devices K.K.',
  '# Vulnerability reports in Japanese or English.',
  '',
  'Contact: mailto:security@example.co.jp',
  'contact: https://example.co.jp/security/report',
  'CONTACT: tel:+81-3-1234-5678',
  'Expires: 2026-12-31T23:59:59+09:00',
  'encryption: https://example.co.jp/.well-known/pgp-key.txt',
  'Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f',
  'Acknowledgments: https://example.co.jp/security/hall-of-fame',
  'preferred-languages: ja, en',
  'Canonical: https://example.co.jp/.well-known/security.txt',
  'POLICY: https://example.co.jp/security/policy',
  'Hiring: https://example.co.jp/careers',
  'csaf: https://example.co.jp/.well-known/csaf/provider-metadata.json',
  '',
].join('\r\n');

const SIGNED = [
  '-----BEGIN PGP SIGNED MESSAGE-----',
  'Hash: SHA512',
  '',
  '# Signed with our 2026 key',
  'Contact: mailto:security@example.com',
  '- Contact: https://example.com/security',
  'Expires: 2026-06-30T00:00:00Z',
  'Canonical: https://example.com/.well-known/security.txt',
  '-----BEGIN PGP SIGNATURE-----',
  '',
  'iHUEARYKAB0WIQTW2w7ayxcnBd2UcIhb3nd5pzTmNgUCZ1xZpQAKCRBb3nd5pzTm',
  'NnUZAQDhQ0HxzZJzUxJ0d3H3vKb0GNtJ8nY3kXNjOz3NQ4Wl7AEA0kMJ4e5x8Uqh',
  '=3x9B',
  '-----END PGP SIGNATURE-----',
  '',
].join('\n');

describe('security.txt (RFC 9116)', () => {
  it('parses a complete file with comments, CRLF line breaks and mixed-case field names', () => {
    const report = parseSecurityTxt(COMPLETE, NOW, { expectedCanonical: 'https://example.co.jp/.well-known/security.txt' });
    assert.deepEqual(report.issues, []);
    assert.equal(report.ok, true);
    assert.equal(report.expired, false);
    assert.deepEqual(report.fields, {
      contact: ['mailto:security@example.co.jp', 'https://example.co.jp/security/report', 'tel:+81-3-1234-5678'],
      expires: '2026-12-31T23:59:59+09:00',
      encryption: ['https://example.co.jp/.well-known/pgp-key.txt', 'openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f'],
      acknowledgments: ['https://example.co.jp/security/hall-of-fame'],
      preferredLanguages: ['ja', 'en'],
      canonical: ['https://example.co.jp/.well-known/security.txt'],
      policy: ['https://example.co.jp/security/policy'],
      hiring: ['https://example.co.jp/careers'],
      csaf: ['https://example.co.jp/.well-known/csaf/provider-metadata.json'],
      other: [],
      signed: false,
    });
  });

  it('accepts a byte order mark, trailing blanks, no final line break and a minimal file', () => {
    assert.equal(parseSecurityTxt(`\uFEFF${COMPLETE}`, NOW).ok, true);
    assert.equal(parseSecurityTxt(VALID_HEAD.map((l) => `${l} \t`).join('\n'), NOW).ok, true);
    const minimal = parseSecurityTxt(VALID_HEAD.join('\n'), NOW);
    assert.deepEqual(minimal.issues, []);
    assert.deepEqual(minimal.fields.contact, ['mailto:security@example.com']);
  });

  describe('OpenPGP cleartext signature', () => {
    it('strips the wrapper, undoes dash-escapes and reports signed (without verifying)', () => {
      const report = parseSecurityTxt(SIGNED, NOW);
      assert.deepEqual(report.issues, []);
      assert.equal(report.fields.signed, true);
      assert.deepEqual(report.fields.contact, ['mailto:security@example.com', 'https://example.com/security']);
      assert.equal(report.fields.expires, '2026-06-30T00:00:00Z');
      assert.deepEqual(report.fields.other, []);
    });

    it('reads a signed file with CRLF line breaks and armor headers beyond Hash', () => {
      const text = SIGNED.replace('Hash: SHA512', 'Hash: SHA256\nComment: key at https://example.com/pgp').replace(/\n/g, '\r\n');
      const report = parseSecurityTxt(text, NOW);
      assert.deepEqual(report.issues, []);
      assert.equal(report.fields.signed, true);
    });

    it('reports an incomplete wrapper and does not call it signed', () => {
      const noEnd = SIGNED.replace('-----END PGP SIGNATURE-----\n', '');
      const report = parseSecurityTxt(noEnd, NOW);
      assert.equal(report.fields.signed, false);
      assert.equal(only(report, 'malformed_line').line, 1);
      assert.match(only(report, 'malformed_line').message, /END PGP SIGNATURE/);

      const noSignature = SIGNED.slice(0, SIGNED.indexOf('-----BEGIN PGP SIGNATURE-----'));
      const unsigned = parseSecurityTxt(noSignature, NOW);
      assert.equal(unsigned.fields.signed, false);
      assert.match(only(unsigned, 'malformed_line').message, /BEGIN PGP SIGNATURE/);
      assert.deepEqual(unsigned.fields.contact.length, 2, 'the body is still read');
    });

    it('does not read fields outside the signed message', () => {
      const report = parseSecurityTxt(`${SIGNED}Contact: mailto:attacker@example.net\n`, NOW);
      assert.equal(report.fields.signed, true);
      assert.equal(only(report, 'malformed_line').line, 15);
      assert.ok(!report.fields.contact.includes('mailto:attacker@example.net'));
    });

    it('reports a body line starting with "-" that is not dash-escaped, and a bad armor header', () => {
      const report = parseSecurityTxt(SIGNED.replace('# Signed', '-# Signed'), NOW);
      assert.equal(only(report, 'malformed_line').line, 4);
      const header = parseSecurityTxt(SIGNED.replace('Hash: SHA512', 'not a header'), NOW);
      assert.equal(only(header, 'malformed_line').line, 2);
    });

    it('does not parse the signature block as fields', () => {
      const report = parseSecurityTxt(SIGNED.replace('=3x9B', 'Contact: mailto:x@example.net'), NOW);
      assert.deepEqual(report.issues, []);
      assert.equal(report.fields.contact.length, 2);
    });
  });

  describe('issues', () => {
    it('missing_contact', () => {
      const report = parseSecurityTxt('Expires: 2026-06-30T00:00:00Z\n', NOW);
      assert.deepEqual(only(report, 'missing_contact'), { ...only(report, 'missing_contact'), line: null, field: 'Contact', severity: 'error' });
      assert.equal(report.ok, false);
    });

    it('missing_expires', () => {
      const report = parseSecurityTxt('Contact: mailto:security@example.com\n', NOW);
      assert.deepEqual(codes(report), ['missing_expires']);
      assert.equal(report.fields.expires, null);
      assert.equal(report.ok, false);
    });

    it('missing_contact and missing_expires for an empty file or an HTML page', () => {
      assert.deepEqual(codes(parseSecurityTxt('', NOW)), ['missing_contact', 'missing_expires']);
      const html = parseSecurityTxt('<!doctype html>\n<html><body>Not found</body></html>\n', NOW);
      assert.deepEqual(codes(html), ['malformed_line', 'malformed_line', 'missing_contact', 'missing_expires']);
    });

    it('multiple_expires, keeping the first', () => {
      const report = parseSecurityTxt(withLines('Expires: 2026-07-31T00:00:00Z'), NOW);
      const issue = only(report, 'multiple_expires');
      assert.equal(issue.line, 3);
      assert.equal(issue.field, 'Expires');
      assert.equal(report.fields.expires, '2026-06-30T23:59:59+09:00');
      assert.equal(report.ok, false);
    });

    it('invalid_expires for dates that are not RFC 3339 date-times', () => {
      for (const value of [
        'Thu, 31 Dec 2026 18:37:07 -0800', // the RFC 5322 form of early drafts
        '2026-12-31',
        '2026-12-31T23:59:59', // no offset
        '2026-12-31 23:59:59Z',
        '2026-02-29T00:00:00Z', // not a leap year
        '2026-04-31T00:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-12-31T24:00:00Z',
        '2026-12-31T23:60:00Z',
        '2026-12-31T23:59:61Z',
        '2026-12-31T23:59:59+24:00',
        '2026-12-31T23:59:59+0900',
        '2026-12-31T23:59:59.Z',
        '２０２６-12-31T23:59:59Z',
        '',
      ]) {
        const report = parseSecurityTxt(`Contact: mailto:a@example.com\nExpires: ${value}\n`, NOW);
        assert.deepEqual(codes(report), ['invalid_expires'], value);
        assert.equal(report.fields.expires, null, value);
        assert.equal(report.issues[0]!.line, 2);
      }
    });

    it('accepts the RFC 3339 forms: offsets, fractions, lower-case t and z, leap days', () => {
      for (const value of ['2026-06-30T12:00:00Z', '2026-06-30t12:00:00z', '2026-06-30T12:00:00.123456-05:30', '2028-02-29T00:00:00+09:00', '2026-06-30T23:59:60Z']) {
        const report = parseSecurityTxt(withLines().replace('2026-06-30T23:59:59+09:00', value), NOW);
        assert.equal(report.ok, true, value);
        assert.equal(report.fields.expires, value);
      }
      assert.equal(parseDateTime('2026-06-30T09:00:00+09:00')?.toISOString(), '2026-06-30T00:00:00.000Z');
      assert.equal(parseDateTime('2026-06-30T00:00:00.5-01:30')?.toISOString(), '2026-06-30T01:30:00.500Z');
      assert.equal(parseDateTime('0050-01-01T00:00:00Z')?.toISOString(), '0050-01-01T00:00:00.000Z');
      assert.equal(parseDateTime('2000-02-29T00:00:00Z')?.toISOString(), '2000-02-29T00:00:00.000Z');
      assert.equal(parseDateTime('1900-02-29T00:00:00Z'), null);
    });

    it('expired is an error and sets expired; the instant itself counts as expired', () => {
      const report = parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2025-12-31T23:59:59Z\n', NOW);
      assert.equal(report.expired, true);
      assert.equal(report.ok, false);
      assert.deepEqual(only(report, 'expired'), { ...only(report, 'expired'), line: 2, field: 'Expires', severity: 'error' });
      assert.equal(report.fields.expires, '2025-12-31T23:59:59Z', 'the value is still reported');

      const atNow = parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2026-01-15T09:00:00+09:00\n', NOW);
      assert.equal(atNow.expired, true);
      const justAfter = parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2026-01-15T09:00:00.001+09:00\n', NOW);
      assert.equal(justAfter.expired, false);
      assert.equal(justAfter.ok, true);
    });

    it('expires_too_far is a warning past one year ahead', () => {
      const far = parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2027-01-15T00:00:01Z\n', NOW);
      assert.deepEqual(only(far, 'expires_too_far'), { ...only(far, 'expires_too_far'), line: 2, severity: 'warning' });
      assert.equal(far.ok, true);
      assert.equal(far.expired, false);
      const yearExactly = parseSecurityTxt('Contact: mailto:a@example.com\nExpires: 2027-01-15T00:00:00Z\n', NOW);
      assert.deepEqual(yearExactly.issues, []);
    });

    it('invalid_uri for values that are not URIs, or the wrong kind', () => {
      const cases: Array<[string, string]> = [
        ['Contact: security@example.com', 'Contact'], // no mailto:
        ['Contact: +81-3-1234-5678', 'Contact'],
        ['Contact: javascript:alert(1)', 'Contact'],
        ['Contact: ftp://example.com/security', 'Contact'],
        ['Contact: mailto:', 'Contact'],
        ['Contact: https://', 'Contact'],
        ['Contact: https://example.com/a b', 'Contact'],
        ['Contact: https://例え.jp/security', 'Contact'], // an IRI, not a URI
        ['Contact: https://example.com/%zz', 'Contact'],
        ['Encryption: pgp key on request', 'Encryption'],
        ['Acknowledgments:', 'Acknowledgments'],
        ['Canonical: ftp://example.com/.well-known/security.txt', 'Canonical'],
        ['Policy: mailto:policy@example.com', 'Policy'],
        ['Hiring: example.com/jobs', 'Hiring'],
        ['CSAF: /.well-known/csaf/provider-metadata.json', 'CSAF'],
        ['csaf: ftp://example.com/provider-metadata.json', 'CSAF'],
      ];
      for (const [line, field] of cases) {
        const report = parseSecurityTxt(withLines(line), NOW);
        const issue = only(report, 'invalid_uri');
        assert.deepEqual([issue.line, issue.field, issue.severity], [3, field, 'error'], line);
        assert.equal(report.ok, false);
        assert.ok(!Object.values(report.fields).flat().includes(line.slice(line.indexOf(':') + 2)), `${line} is not kept`);
      }
    });

    it('insecure_uri for http: in any URI field', () => {
      for (const name of ['Contact', 'Encryption', 'Acknowledgments', 'Canonical', 'Policy', 'Hiring', 'CSAF']) {
        const report = parseSecurityTxt(withLines(`${name}: HTTP://example.com/x`), NOW);
        assert.deepEqual(codes(report), ['insecure_uri'], name);
        assert.equal(report.issues[0]!.field, name);
      }
    });

    it('a Contact that is present but invalid is not also reported missing', () => {
      const report = parseSecurityTxt('Contact: http://example.com/security\nExpires: 2026-06-30T00:00:00Z\n', NOW);
      assert.deepEqual(codes(report), ['insecure_uri']);
      assert.deepEqual(report.fields.contact, []);
    });

    it('multiple_preferred_languages, keeping the first', () => {
      const report = parseSecurityTxt(withLines('Preferred-Languages: ja', 'Preferred-Languages: en'), NOW);
      assert.equal(only(report, 'multiple_preferred_languages').line, 4);
      assert.deepEqual(report.fields.preferredLanguages, ['ja']);
    });

    it('invalid_language_tag once per line, naming the bad tags and keeping the good ones', () => {
      const report = parseSecurityTxt(withLines('Preferred-Languages: en, japanese!, ja-JP,, x'), NOW);
      const issue = only(report, 'invalid_language_tag');
      assert.deepEqual([issue.line, issue.field, issue.severity], [3, 'Preferred-Languages', 'error']);
      assert.match(issue.message, /"japanese!", \(empty\), "x"\.$/);
      assert.deepEqual(report.fields.preferredLanguages, ['en', 'ja-JP']);
      assert.match(only(parseSecurityTxt(withLines(`Preferred-Languages: ${','.repeat(1000)}`), NOW), 'invalid_language_tag').message, /and 996 more/);
      for (const tag of ['en_US', 'e', 'en-abcdefghi', 'ja-JP-', '日本語', 'en-a', 'en-US-x']) {
        assert.deepEqual(codes(parseSecurityTxt(withLines(`Preferred-Languages: ${tag}`), NOW)), ['invalid_language_tag'], tag);
      }
    });

    it('accepts well-formed BCP 47 tags', () => {
      for (const tag of ['ja', 'EN', 'ja-JP', 'zh-Hant-TW', 'es-419', 'sl-rozaj-biske', 'de-CH-1901', 'en-a-bbb-x-a-ccc', 'x-private', 'i-klingon', 'zh-min-nan', 'en-GB-oed', 'zh-yue-HK']) {
        const report = parseSecurityTxt(withLines(`Preferred-Languages: ${tag}`), NOW);
        assert.deepEqual(report.issues, [], tag);
        assert.deepEqual(report.fields.preferredLanguages, [tag]);
      }
      assert.deepEqual(parseSecurityTxt(withLines('Preferred-Languages: en,ja\t,  fr'), NOW).fields.preferredLanguages, ['en', 'ja', 'fr']);
    });

    it('malformed_line for lines that are not fields, comments or blank', () => {
      for (const line of ['Contact mailto:a@example.com', ': no name', ' Contact: mailto:a@example.com', '\t# indented comment', 'Cont act: x', 'Contäct: mailto:a@example.com', '-----BEGIN PGP SIGNED MESSAGE-----']) {
        const report = parseSecurityTxt(withLines(line), NOW);
        assert.deepEqual(codes(report), ['malformed_line'], line);
        assert.deepEqual([report.issues[0]!.line, report.issues[0]!.field], [3, null]);
      }
    });

    it('control_character for C0 (except tab), DEL, C1 and a bare carriage return, ignoring that line', () => {
      for (const c of ['\u0000', '\u0007', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
        const report = parseSecurityTxt(withLines(`Hiring: https://example.com/${c}jobs`), NOW);
        assert.deepEqual(codes(report), ['control_character'], JSON.stringify(c));
        assert.equal(report.issues[0]!.line, 3);
        assert.deepEqual(report.fields.hiring, []);
      }
      const tab = parseSecurityTxt(withLines('# a\tcomment', 'Hiring:\thttps://example.com/jobs'), NOW);
      assert.deepEqual(tab.issues, []);
      assert.deepEqual(tab.fields.hiring, ['https://example.com/jobs']);
    });

    it('too_large past 32 KiB (counted in UTF-8) or too many lines, without parsing', () => {
      const big = parseSecurityTxt(withLines(`# ${'x'.repeat(SECURITY_TXT_MAX_BYTES)}`), NOW);
      assert.deepEqual(codes(big), ['too_large']);
      assert.equal(big.ok, false);
      assert.deepEqual(big.fields.contact, []);
      // Under the limit in UTF-16 code units, over it in UTF-8 bytes.
      assert.deepEqual(codes(parseSecurityTxt(withLines(`# ${'日'.repeat(11_000)}`), NOW)), ['too_large']);
      assert.deepEqual(parseSecurityTxt(withLines(`# ${'x'.repeat(30_000)}`), NOW).issues, []);
      const many = parseSecurityTxt(withLines(...Array<string>(SECURITY_TXT_MAX_LINES).fill('#')), NOW);
      assert.deepEqual(codes(many), ['too_large']);
      assert.deepEqual(parseSecurityTxt(withLines(...Array<string>(SECURITY_TXT_MAX_LINES - 2).fill('#')), NOW).issues, []);
    });

    it('unknown_field is a warning; the field is kept as written', () => {
      const report = parseSecurityTxt(withLines('X-Bug-Bounty: https://example.com/bounty', 'Acknowledgements: https://example.com/thanks'), NOW);
      assert.deepEqual(codes(report), ['unknown_field', 'unknown_field']);
      assert.ok(report.issues.every((i) => i.severity === 'warning'));
      assert.equal(report.ok, true);
      assert.deepEqual(report.fields.other, [
        { field: 'X-Bug-Bounty', value: 'https://example.com/bounty' },
        { field: 'Acknowledgements', value: 'https://example.com/thanks' },
      ]);
      assert.match(report.issues[1]!.message, /did you mean "Acknowledgments"/);
      assert.deepEqual(report.fields.acknowledgments, []);
    });

    it('canonical_mismatch only when asked and the file lists other Canonical URIs', () => {
      const file = withLines('Canonical: https://example.com/.well-known/security.txt', 'Canonical: https://www.example.com/.well-known/security.txt');
      const mismatch = parseSecurityTxt(file, NOW, { expectedCanonical: 'https://example.org/.well-known/security.txt' });
      assert.deepEqual(only(mismatch, 'canonical_mismatch'), { ...only(mismatch, 'canonical_mismatch'), line: null, field: 'Canonical', severity: 'warning' });
      assert.equal(mismatch.ok, true);
      assert.deepEqual(parseSecurityTxt(file, NOW, { expectedCanonical: 'https://www.example.com/.well-known/security.txt' }).issues, []);
      // URL normalisation: host case and default port.
      assert.deepEqual(parseSecurityTxt(file, NOW, { expectedCanonical: 'https://EXAMPLE.com:443/.well-known/security.txt' }).issues, []);
      assert.deepEqual(parseSecurityTxt(file, NOW).issues, []);
      // Canonical is optional: a file without one is not a mismatch.
      assert.deepEqual(parseSecurityTxt(withLines(), NOW, { expectedCanonical: 'https://example.org/.well-known/security.txt' }).issues, []);
    });

    it('lists issues in line order, file-wide ones last', () => {
      const report = parseSecurityTxt('Expires: soon\nfoo\nContact: http://example.com\n', NOW);
      assert.deepEqual(
        report.issues.map((i) => [i.line, i.code]),
        [
          [1, 'invalid_expires'],
          [2, 'malformed_line'],
          [3, 'insecure_uri'],
        ],
      );
    });

    it('every published issue code is produced by some input', () => {
      // Typed by code, so a new code does not compile until it has an example here.
      const examples: Record<SecurityTxtIssueCode, [string, { expectedCanonical?: string }?]> = {
        missing_contact: ['Expires: 2026-06-30T00:00:00Z'],
        missing_expires: ['Contact: mailto:a@example.com'],
        multiple_expires: [withLines('Expires: 2026-06-30T00:00:00Z')],
        invalid_expires: ['Contact: mailto:a@example.com\nExpires: 2026-06-31T00:00:00Z'],
        expired: ['Contact: mailto:a@example.com\nExpires: 2026-01-14T00:00:00Z'],
        expires_too_far: ['Contact: mailto:a@example.com\nExpires: 2030-01-01T00:00:00Z'],
        invalid_uri: [withLines('Policy: /policy')],
        insecure_uri: [withLines('Policy: http://example.com/policy')],
        multiple_preferred_languages: [withLines('Preferred-Languages: en', 'Preferred-Languages: ja')],
        invalid_language_tag: [withLines('Preferred-Languages: en_US')],
        malformed_line: [withLines('Contact = mailto:a@example.com')],
        control_character: [withLines('# bell \u0007')],
        too_large: [' '.repeat(SECURITY_TXT_MAX_BYTES + 1)],
        unknown_field: [withLines('Bug-Bounty: yes')],
        canonical_mismatch: [withLines('Canonical: https://example.com/.well-known/security.txt'), { expectedCanonical: 'https://example.net/.well-known/security.txt' }],
      };
      assert.deepEqual(Object.keys(examples).sort(), [...SECURITY_TXT_ISSUE_CODES].sort());
      for (const code of SECURITY_TXT_ISSUE_CODES) {
        const [text, options] = examples[code];
        assert.ok(codes(parseSecurityTxt(text, NOW, options)).includes(code), code);
      }
    });

    it('takes linear time on long runs of blanks (no regular expression backtracking)', () => {
      const blanks = ' \t'.repeat(15_000);
      const started = performance.now();
      for (const text of [`Contact: a${blanks}b`, `#${blanks}x`, `Preferred-Languages: en${blanks}x`, `Expires:${blanks}2026`]) parseSecurityTxt(text, NOW);
      assert.ok(performance.now() - started < 1000, `${performance.now() - started} ms`);
    });
  });

  describe('properties', () => {
    /** Every string input: never throws, and the report is consistent. */
    function checkInvariants(text: string, report: SecurityTxtReport) {
      const errors = report.issues.filter((i) => i.severity === 'error');
      assert.equal(report.ok, errors.length === 0);
      if (report.ok) {
        assert.ok(report.fields.contact.length >= 1, 'an error-free report has a Contact');
        assert.notEqual(report.fields.expires, null, 'an error-free report has one Expires');
      }
      assert.equal(report.expired, report.issues.some((i) => i.code === 'expired'));
      const lineCount = text.split(/\r?\n/).length;
      for (const issue of report.issues) {
        assert.ok((SECURITY_TXT_ISSUE_CODES as readonly string[]).includes(issue.code), issue.code);
        assert.ok(issue.line === null || (Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lineCount), `line ${issue.line}`);
      }
      for (const value of [...report.fields.contact, ...report.fields.policy, ...report.fields.csaf]) assert.ok(text.includes(value));
    }

    // size 'max': without it fast-check keeps strings to a few characters.
    const anyUnit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
      fc.string({ unit: 'grapheme', maxLength: 300, size: 'max' }),
      // UTF-16 code units: lone surrogates too.
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300, size: 'max' }),
      fc.string({ unit: fc.constantFrom('\n', '\r', ':', ' ', '\t', '#', '-', 'a', 'Z', '\u0000', '\u2028', '\uFEFF'), maxLength: 300, size: 'max' }),
    );

    it('never throws on arbitrary strings', () => {
      fc.assert(
        fc.property(anyUnit, (text) => {
          checkInvariants(text, parseSecurityTxt(text, NOW));
        }),
        { numRuns: FUZZ_RUNS },
      );
    });

    const names = ['Contact', 'Expires', 'Encryption', 'Acknowledgments', 'Preferred-Languages', 'Canonical', 'Policy', 'Hiring', 'CSAF', 'X-Other', 'Acknowledgements'];
    const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flips) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
    const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names).chain(randomCase) }, { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) });
    const fieldValue = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'mailto:security@example.com',
          'https://example.com/security',
          'https://example.com/.well-known/security.txt',
          'tel:+81-3-1234-5678',
          'http://example.com/',
          'security@example.com',
          '2026-06-30T00:00:00Z',
          '2027-12-31T00:00:00Z',
          '2025-01-01T00:00:00Z',
          '2026-02-30T00:00:00Z',
          'en, ja',
          'en,,ja',
          '',
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
    );
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fieldName, fc.constantFrom(': ', ':', ':\t', ' : '), fieldValue).map(([n, s, v]) => `${n}${s}${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '# comment', '   ', '-----BEGIN PGP SIGNATURE-----', '- Contact: mailto:a@example.com') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    );

    it('never throws on random "Field: value" lines; an error-free report has a Contact and one Expires', () => {
      let okReports = 0;
      fc.assert(
        fc.property(fc.boolean(), fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.constantFrom(undefined, 'https://example.com/.well-known/security.txt'), (withHead, lines, eol, signed, expectedCanonical) => {
          const body = [...(withHead ? VALID_HEAD : []), ...lines].join(eol);
          const text = signed ? ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', body, '-----BEGIN PGP SIGNATURE-----', 'AAAA', '-----END PGP SIGNATURE-----', ''].join(eol) : body;
          const report = parseSecurityTxt(text, NOW, { expectedCanonical });
          checkInvariants(text, report);
          if (report.ok) okReports++;
        }),
        { numRuns: FUZZ_RUNS },
      );
      if (FUZZ_RUNS >= 200) assert.ok(okReports > 0, 'the generator reaches error-free files too');
    });

    it('reads back exactly the fields of any valid file, signed or not, LF or CRLF', () => {
      const https = fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true });
      const contact = fc.oneof(https, fc.emailAddress().map((e) => {
        // RFC 6068: characters of the local part that a URI cannot hold are %-encoded.
        const at = e.lastIndexOf('@');
        return `mailto:${encodeURIComponent(e.slice(0, at))}${e.slice(at)}`;
      }), fc.stringMatching(/^\+[0-9]{1,3}(-[0-9]{1,4}){2,3}$/).map((t) => `tel:${t}`));
      const expires = fc.integer({ min: 1, max: 364 * 24 * 3600 }).map((s) => new Date(NOW.getTime() + s * 1000).toISOString());
      const lang = fc.constantFrom('en', 'ja', 'ja-JP', 'zh-Hant', 'de-CH-1901', 'es-419');
      fc.assert(
        fc.property(
          fc.record({
            contact: fc.array(contact, { minLength: 1, maxLength: 3 }),
            expires,
            encryption: fc.array(https, { maxLength: 2 }),
            preferredLanguages: fc.array(lang, { maxLength: 3 }),
            policy: fc.array(https, { maxLength: 2 }),
            csaf: fc.array(https, { maxLength: 2 }),
          }),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          fc.boolean(),
          (f, eol, signed, upper) => {
            const name = (n: string) => (upper ? n.toUpperCase() : n);
            const lines = [
              '# generated',
              ...f.contact.map((v) => `${name('Contact')}: ${v}`),
              `${name('Expires')}: ${f.expires}`,
              ...f.encryption.map((v) => `${name('Encryption')}: ${v}`),
              ...(f.preferredLanguages.length ? [`${name('Preferred-Languages')}: ${f.preferredLanguages.join(', ')}`] : []),
              ...f.policy.map((v) => `${name('Policy')}: ${v}`),
              ...f.csaf.map((v) => `${name('CSAF')}: ${v}`),
            ].map((l) => (signed && l.startsWith('-') ? `- ${l}` : l));
            const body = signed ? ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', ...lines, '-----BEGIN PGP SIGNATURE-----', '', 'AAAA', '-----END PGP SIGNATURE-----'] : lines;
            const report = parseSecurityTxt([...body, ''].join(eol), NOW);
            assert.deepEqual(report.issues, []);
            assert.deepEqual(report.fields, { ...f, acknowledgments: [], canonical: [], hiring: [], other: [], signed });
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
    });
  });
});
