import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  corporateCheckDigit,
  corporateNumberProblem,
  isValidCorporateNumber,
  normalizeCorporateNumber,
} from '../../src/domain/corporate-number.ts';

/**
 * The National Tax Agency rule written out independently of the code under test, indexing from
 * the left: the leftmost of the twelve base digits is n = 12 (weight 2), the rightmost n = 1
 * (weight 1).
 */
function referenceCheckDigit(base12: string): number {
  let sum = 0;
  [...base12].forEach((digit, i) => {
    sum += Number(digit) * (i % 2 === 0 ? 2 : 1);
  });
  return 9 - (sum % 9);
}

/** Full-width (全角) form of an ASCII string, as typed with a Japanese IME. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

// Published numbers: the National Tax Agency itself, and a second real corporate number.
const PUBLISHED = ['7000012050002', '1180301018771'];

// Bases chosen to exercise every weight and both ends of the check-digit range (1 and 9).
const BASES = ['000000000000', '999999999999', '012345678901', '100000000000', '000000000001', '555555555555', '987654321098'];
const COMPUTED = BASES.map((base) => `${referenceCheckDigit(base)}${base}`);

describe('corporate number', () => {
  it('accepts published corporate numbers', () => {
    for (const number of PUBLISHED) {
      assert.equal(corporateNumberProblem(number), undefined, number);
      assert.equal(isValidCorporateNumber(number), true, number);
    }
  });

  it('accepts numbers whose check digit follows the National Tax Agency rule', () => {
    for (const number of COMPUTED) assert.equal(isValidCorporateNumber(number), true, number);
  });

  it('computes the check digit of a twelve-digit base as the National Tax Agency rule does', () => {
    assert.equal(corporateCheckDigit('000012050002'), 7);
    assert.equal(corporateCheckDigit('180301018771'), 1);
    for (const base of BASES) assert.equal(corporateCheckDigit(base), referenceCheckDigit(base), base);
  });

  it('rejects every other leading digit when the check digit is wrong', () => {
    for (const number of [...PUBLISHED, ...COMPUTED]) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === number[0]) continue;
        const wrong = `${d}${number.slice(1)}`;
        assert.equal(isValidCorporateNumber(wrong), false, wrong);
        assert.match(corporateNumberProblem(wrong) ?? '', /check digit/, wrong);
      }
    }
  });

  it('rejects a number when one base digit is mistyped', () => {
    const number = '7000012050002';
    for (let position = 1; position < 13; position++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === number[position]) continue;
        const typo = number.slice(0, position) + d + number.slice(position + 1);
        // Mod 9 cannot see 0↔9 (the weighted sum changes by 9 or 18); every other typo is caught.
        if (Math.abs(d - Number(number[position])) === 9) continue;
        assert.equal(isValidCorporateNumber(typo), false, typo);
      }
    }
  });

  it('rejects numbers that are not 13 digits long', () => {
    for (const input of ['', '700001205000', '70000120500020', '1', '0000000000000000']) {
      assert.equal(isValidCorporateNumber(input), false, input);
      assert.match(corporateNumberProblem(input) ?? '', /13 digits/, input);
    }
  });

  it('rejects letters and other symbols instead of ignoring them', () => {
    for (const input of ['T7000012050002', '700001205000A', 'a000012050002', '7000012050.002', '+7000012050002', '7000012050002!']) {
      assert.equal(isValidCorporateNumber(input), false, input);
      assert.match(corporateNumberProblem(input) ?? '', /13 digits/, input);
    }
  });

  it('accepts full-width digits as typed with a Japanese IME', () => {
    const input = fullWidth('7000012050002');
    assert.equal(input, '７００００１２０５０００２');
    assert.equal(normalizeCorporateNumber(input), '7000012050002');
    assert.equal(isValidCorporateNumber(input), true);
  });

  it('accepts ASCII and full-width hyphens and spaces between digits', () => {
    for (const input of ['7-0000-1205-0002', '7 0000 1205 0002', '７－００００－１２０５－０００２', '7\u30000000\u30001205\u30000002', ' 7000012050002 ']) {
      assert.equal(normalizeCorporateNumber(input), '7000012050002', input);
      assert.equal(isValidCorporateNumber(input), true, input);
    }
  });

  it('still checks the check digit after normalising full-width input', () => {
    assert.equal(isValidCorporateNumber(fullWidth('7000012050003')), false);
    assert.match(corporateNumberProblem('７－００００－１２０５－０００３') ?? '', /check digit/);
  });

  it(
    'accepts the minus sign and Unicode hyphens that Japanese input and Shift_JIS files produce',
    () => {
      for (const input of ['7−0000−1205−0002', '7‐0000‐1205‐0002', '7ー0000ー1205ー0002']) {
        assert.equal(isValidCorporateNumber(input), true, input);
      }
    },
  );
});
