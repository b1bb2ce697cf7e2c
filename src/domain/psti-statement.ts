/**
 * The UK PSTI statement of compliance (SI 2023/1007 Schedule 4) as an applicant on the `psti`
 * route gives it: structured fields, checked for completeness and plausibility. The registry
 * records the statement; it does not verify it against the UK regime (there is no UK register).
 */
import type { FieldError } from './errors.ts';
import { isValidIsoDate } from './time.ts';

export interface PstiStatement {
  productType?: string | null | undefined;
  /** Batch or other identification of the products covered, when the statement names one. */
  batch?: string | null | undefined;
  manufacturerName?: string | null | undefined;
  manufacturerAddress?: string | null | undefined;
  /** Made by or on behalf of the manufacturer, and complies with the PSTI requirements. */
  declaration?: boolean | null | undefined;
  /** End of the defined support period, YYYY-MM-DD. */
  supportPeriodEndsOn?: string | null | undefined;
  signatoryName?: string | null | undefined;
  signatoryFunction?: string | null | undefined;
  placeOfIssue?: string | null | undefined;
  /** YYYY-MM-DD. */
  dateOfIssue?: string | null | undefined;
  /** Where the statement is published (https). */
  documentUrl?: string | null | undefined;
  /** The applicant is not the manufacturer (e.g. an importer or a subsidiary), explained in proxyNote. */
  isProxy?: boolean | null | undefined;
  proxyNote?: string | null | undefined;
}

export const PSTI_MANDATORY_FIELDS = [
  'productType',
  'manufacturerName',
  'manufacturerAddress',
  'declaration',
  'supportPeriodEndsOn',
  'signatoryName',
  'signatoryFunction',
  'placeOfIssue',
  'dateOfIssue',
  'documentUrl',
] as const satisfies ReadonlyArray<keyof PstiStatement>;

const SUFFIXES = /(?:[\s,]*(?:co\.?,?\s*ltd\.?|ltd\.?|limited|k\.\s*k\.?|inc\.?|株式会社|\(株\)))+\s*$/u;
const PREFIXES = /^\s*(?:株式会社|\(株\))\s*/u;

/**
 * A company name reduced for comparison: NFKC, case-folded, without the legal-form suffix
 * ("Co., Ltd.", "Ltd", "K.K.", "株式会社", also as a prefix) and without punctuation or spaces.
 */
export function normaliseCompanyName(name: string): string {
  let value = name.normalize('NFKC').toLowerCase().trim();
  value = value.replace(PREFIXES, '').replace(SUFFIXES, '');
  return value.replace(/[\p{P}\p{S}\s]/gu, '');
}

/** Whether the manufacturer named in the statement is one of the vendor's names. */
export function manufacturerMatches(manufacturerName: string, vendorNames: readonly string[]): boolean {
  const wanted = normaliseCompanyName(manufacturerName);
  return wanted.length > 0 && vendorNames.some((n) => normaliseCompanyName(n) === wanted);
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export interface PstiStatementCheck {
  /** The vendor's names (Japanese and English) the manufacturer must match, unless a proxy. */
  vendorNames: readonly string[];
  /** The JST date the statement is checked at (submission date); a support period ending before it has ended. */
  today: string;
  /** Submission: every mandatory field must be present. A draft may leave some out. */
  requireComplete: boolean;
}

/**
 * Field errors of a statement, each pointing at `/pstiStatement/<field>`. Never throws.
 * A draft may be incomplete, but what it says must not be wrong.
 */
export function checkPstiStatement(statement: PstiStatement | null | undefined, check: PstiStatementCheck, base = '/pstiStatement'): FieldError[] {
  if (!statement) return check.requireComplete ? [{ pointer: base, detail: 'the PSTI route needs the PSTI statement of compliance' }] : [];
  const errors: FieldError[] = [];
  if (check.requireComplete) {
    for (const field of PSTI_MANDATORY_FIELDS) {
      if (blank(statement[field])) errors.push({ pointer: `${base}/${field}`, detail: `${field} is required in the statement of compliance` });
    }
  }
  if (statement.declaration === false) {
    errors.push({ pointer: `${base}/declaration`, detail: 'the statement must declare that the product is made by or on behalf of the manufacturer and complies' });
  }
  for (const field of ['supportPeriodEndsOn', 'dateOfIssue'] as const) {
    if (!blank(statement[field]) && !isValidIsoDate(statement[field]!)) errors.push({ pointer: `${base}/${field}`, detail: 'must be a date (YYYY-MM-DD)' });
  }
  if (!blank(statement.supportPeriodEndsOn) && statement.supportPeriodEndsOn! < check.today) {
    errors.push({ pointer: `${base}/supportPeriodEndsOn`, detail: `the defined support period ended on ${statement.supportPeriodEndsOn}, before ${check.today}` });
  }
  if (!blank(statement.dateOfIssue) && statement.dateOfIssue! > check.today) {
    errors.push({ pointer: `${base}/dateOfIssue`, detail: `the date of issue ${statement.dateOfIssue} is in the future` });
  }
  if (!blank(statement.documentUrl) && !isHttpsUrl(statement.documentUrl!)) {
    errors.push({ pointer: `${base}/documentUrl`, detail: 'must be an https URL' });
  }
  if (statement.isProxy) {
    if (blank(statement.proxyNote)) errors.push({ pointer: `${base}/proxyNote`, detail: 'a proxy applicant must explain its relation to the manufacturer' });
  } else if (!blank(statement.manufacturerName) && !manufacturerMatches(statement.manufacturerName!, check.vendorNames)) {
    errors.push({
      pointer: `${base}/manufacturerName`,
      detail: `"${statement.manufacturerName}" is not the applicant (${check.vendorNames.join(' / ')}); if you apply on the manufacturer's behalf, set isProxy and explain in proxyNote`,
    });
  }
  return errors;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}
