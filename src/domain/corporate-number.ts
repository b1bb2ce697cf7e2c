/**
 * Japanese corporate number (法人番号): 13 digits, the first being a check digit over the other
 * twelve (National Tax Agency rule: 9 − (Σ Pn·Qn mod 9), Qn = 1 for odd n, 2 for even n, counting
 * n from the lowest digit).
 */
const DIGITS = /^\d{13}$/;

export function corporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/**
 * Accepts full-width digits and separators as people type them: spaces, hyphens, and the dashes
 * NFKC keeps (‐ U+2010, – U+2013, — U+2014, − U+2212, ー U+30FC).
 */
export function normalizeCorporateNumber(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-‐‑‒–—―−ｰー]/g, '');
}

export function corporateNumberProblem(input: string): string | undefined {
  const value = normalizeCorporateNumber(input);
  if (!DIGITS.test(value)) return 'must be 13 digits';
  if (Number(value[0]) !== corporateCheckDigit(value.slice(1))) return 'check digit does not match';
  return undefined;
}

export function isValidCorporateNumber(input: string): boolean {
  return corporateNumberProblem(input) === undefined;
}
