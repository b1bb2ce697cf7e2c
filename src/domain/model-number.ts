/**
 * Model numbers (型番) as vendors print them. We store what the vendor typed (NFC) and match on a
 * normalized key, so that 全角/半角 and case variants of one model number are the same model.
 */
import type { FieldError } from './errors.ts';

export const MODEL_NUMBER_MAX_LENGTH = 64;
export const MODEL_NUMBERS_PER_APPLICATION_MAX = 10_000;

// Control (Cc), format (Cf), separators other than space (Zl, Zp), unassigned/private use.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

/** The matching key: NFKC (full-width → half-width), upper case, inner spaces collapsed. */
export function modelNumberKey(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/\s+/g, ' ').trim();
}

export function modelNumberProblem(value: string): string | undefined {
  if (value.length === 0 || value.trim().length === 0) return 'must not be empty';
  if (FORBIDDEN.test(value)) return 'must not contain control or invisible characters';
  if (value !== value.trim()) return 'must not start or end with spaces';
  if ([...value.normalize('NFC')].length > MODEL_NUMBER_MAX_LENGTH) {
    return `must be at most ${MODEL_NUMBER_MAX_LENGTH} characters`;
  }
  return undefined;
}

/**
 * Validates a list of model numbers, reporting every bad entry and every duplicate (by key),
 * with JSON pointers under `base`. Returns the NFC-normalised values when the list is clean.
 */
export function checkModelNumbers(
  values: readonly string[],
  base: string,
): { values: string[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (values.length === 0) errors.push({ pointer: base, detail: 'at least one model number is required' });
  if (values.length > MODEL_NUMBERS_PER_APPLICATION_MAX) {
    errors.push({ pointer: base, detail: `at most ${MODEL_NUMBERS_PER_APPLICATION_MAX} model numbers` });
  }
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const problem = modelNumberProblem(value);
    if (problem) {
      errors.push({ pointer: `${base}/${index}`, detail: problem });
      return;
    }
    const key = modelNumberKey(value);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ pointer: `${base}/${index}`, detail: `duplicates ${base}/${first} (${JSON.stringify(values[first])})` });
    } else {
      seen.set(key, index);
    }
  });
  return { values: values.map((v) => v.normalize('NFC')), errors };
}
