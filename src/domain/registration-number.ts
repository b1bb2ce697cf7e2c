/**
 * Public identifiers of the registry (our policy; IPA's own formats are not published).
 *
 *   registration number  JS1-2026-000042-3   "JS" + level, year of first issue (JST),
 *                                             6-digit serial per level and year, Luhn check digit
 *   application number   APP-2026-000123     per calendar year (JST) of creation
 *   acceptance number    ACC-2026-000045     per calendar year (JST) of acceptance
 *
 * A registration number is printed on labels and encoded in QR codes: it never changes shape and
 * is never reused. Renewal keeps it. See docs/identifiers.md.
 */
// Six digits, or more without a leading zero, so each number has exactly one spelling.
const REGISTRATION = /^JS([1-4])-(\d{4})-(\d{6}|[1-9]\d{6,})-(\d)$/;

/** Luhn check digit over a string of decimal digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatRegistrationNumber(level: number, year: number, serial: number): string {
  const body = `${level}${year}${String(serial).padStart(6, '0')}`;
  return `JS${level}-${year}-${String(serial).padStart(6, '0')}-${luhnCheckDigit(body)}`;
}

/** Canonical form of user input: full-width to half-width, upper case, no surrounding spaces. */
export function canonicalRegistrationNumber(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase().replace(/[‐-―−ｰー]/g, '-');
}

export interface ParsedRegistrationNumber {
  level: number;
  year: number;
  serial: number;
}

/** Parses a registration number; undefined when the shape or check digit is wrong. */
export function parseRegistrationNumber(input: string): ParsedRegistrationNumber | undefined {
  const match = REGISTRATION.exec(canonicalRegistrationNumber(input));
  if (!match) return undefined;
  const [, level, year, serial, check] = match as unknown as [string, string, string, string, string];
  if (luhnCheckDigit(`${level}${year}${serial}`) !== Number(check)) return undefined;
  return { level: Number(level), year: Number(year), serial: Number(serial) };
}

export function formatApplicationNumber(year: number, serial: number): string {
  return `APP-${year}-${String(serial).padStart(6, '0')}`;
}

export function formatAcceptanceNumber(year: number, serial: number): string {
  return `ACC-${year}-${String(serial).padStart(6, '0')}`;
}

/** Names of the counters behind each identifier (one row each in the `sequences` table). */
export const sequenceName = {
  registration: (level: number, year: number) => `registration:${level}:${year}`,
  application: (year: number) => `application:${year}`,
  acceptance: (year: number) => `acceptance:${year}`,
};
