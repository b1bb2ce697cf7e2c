import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalRegistrationNumber,
  formatAcceptanceNumber,
  formatApplicationNumber,
  formatRegistrationNumber,
  luhnCheckDigit,
  parseRegistrationNumber,
  sequenceName,
} from '../../src/domain/registration-number.ts';

/** Luhn validation of a complete digit string (payload + check digit), written independently. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 === 1 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const LEVELS = [1, 2, 3, 4];
const YEARS = [2025, 2026, 2027, 2030, 2099];
const SERIALS = [1, 2, 9, 10, 42, 99, 100, 12345, 123456, 500000, 999998, 999999];

describe('registration number', () => {
  it('formats the documented shape JS<level>-<year>-<6-digit serial>-<check digit>', () => {
    for (const level of LEVELS) {
      for (const year of YEARS) {
        for (const serial of SERIALS) {
          const rn = formatRegistrationNumber(level, year, serial);
          assert.match(rn, /^JS[1-4]-\d{4}-\d{6}-\d$/, rn);
          assert.ok(rn.startsWith(`JS${level}-${year}-${String(serial).padStart(6, '0')}-`), rn);
          // The check digit is a Luhn digit over level + year + serial.
          assert.ok(luhnValid(rn.replace(/\D/g, '')), rn);
        }
      }
    }
  });

  it('keeps the check digits of numbers already printed on labels', () => {
    // Pinned: a registration number never changes shape once printed.
    assert.equal(formatRegistrationNumber(1, 2026, 1), 'JS1-2026-000001-9');
    assert.equal(formatRegistrationNumber(1, 2026, 42), 'JS1-2026-000042-3');
    assert.equal(formatRegistrationNumber(4, 2025, 999999), `JS4-2025-999999-${luhnCheckDigit('42025999999')}`);
  });

  it('parses what it formats, for every level and many years and serials', () => {
    for (const level of LEVELS) {
      for (const year of YEARS) {
        for (const serial of SERIALS) {
          const rn = formatRegistrationNumber(level, year, serial);
          assert.deepEqual(parseRegistrationNumber(rn), { level, year, serial }, rn);
        }
      }
    }
  });

  it('round-trips a seven-digit serial once a level and year pass 999,999 labels', () => {
    const rn = formatRegistrationNumber(1, 2030, 1_000_000);
    assert.match(rn, /^JS1-2030-1000000-\d$/);
    assert.deepEqual(parseRegistrationNumber(rn), { level: 1, year: 2030, serial: 1_000_000 });
  });

  it('rejects every single-digit substitution in the year, the serial or the check digit', () => {
    const samples = [formatRegistrationNumber(1, 2026, 1), formatRegistrationNumber(2, 2027, 42), formatRegistrationNumber(3, 2030, 987654), formatRegistrationNumber(4, 2099, 100000)];
    let tried = 0;
    for (const rn of samples) {
      // JS1-2026-000001-9: year at 4..7, serial at 9..14, check digit at 16.
      const positions = [4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16];
      for (const position of positions) {
        assert.match(rn[position]!, /\d/);
        for (let d = 0; d <= 9; d++) {
          if (String(d) === rn[position]) continue;
          const typo = rn.slice(0, position) + d + rn.slice(position + 1);
          assert.equal(parseRegistrationNumber(typo), undefined, `${typo} (from ${rn})`);
          tried++;
        }
      }
    }
    assert.equal(tried, 4 * 11 * 9);
  });

  it('rejects a substituted level digit', () => {
    const rn = formatRegistrationNumber(2, 2026, 42);
    for (const level of [1, 3, 4]) {
      assert.equal(parseRegistrationNumber(`JS${level}${rn.slice(3)}`), undefined, `level ${level}`);
    }
  });

  it('canonicalises lower-case input', () => {
    const rn = formatRegistrationNumber(1, 2026, 1);
    assert.equal(canonicalRegistrationNumber(rn.toLowerCase()), rn);
    assert.deepEqual(parseRegistrationNumber('js1-2026-000001-9'), { level: 1, year: 2026, serial: 1 });
  });

  it('canonicalises full-width input typed with a Japanese IME', () => {
    const rn = formatRegistrationNumber(1, 2026, 1);
    const typed = fullWidth(rn.toLowerCase());
    assert.equal(typed, 'ｊｓ１－２０２６－０００００１－９');
    assert.equal(canonicalRegistrationNumber(typed), rn);
    assert.deepEqual(parseRegistrationNumber(typed), { level: 1, year: 2026, serial: 1 });
    assert.equal(canonicalRegistrationNumber('ＪＳ３－２０２７－１２３４５６－' + fullWidth(String(luhnCheckDigit('32027123456')))), formatRegistrationNumber(3, 2027, 123456));
  });

  it('canonicalises the Unicode dashes people paste instead of a hyphen', () => {
    const rn = formatRegistrationNumber(2, 2026, 42);
    for (const dash of ['‐', '‑', '‒', '–', '—', '―', '−', 'ｰ', 'ー', '－']) {
      const pasted = rn.replaceAll('-', dash);
      assert.equal(canonicalRegistrationNumber(pasted), rn, `dash U+${dash.codePointAt(0)!.toString(16)}`);
      assert.deepEqual(parseRegistrationNumber(pasted), { level: 2, year: 2026, serial: 42 });
    }
  });

  it('ignores surrounding spaces, including the full-width space', () => {
    const rn = formatRegistrationNumber(1, 2026, 1);
    assert.equal(canonicalRegistrationNumber(`  ${rn}\n`), rn);
    assert.equal(canonicalRegistrationNumber(`\u3000${rn}\u3000`), rn);
  });

  it('rejects level 5 and level 0 even with a matching check digit', () => {
    for (const level of [0, 5, 9]) {
      const rn = `JS${level}-2026-000001-${luhnCheckDigit(`${level}2026000001`)}`;
      assert.equal(parseRegistrationNumber(rn), undefined, rn);
    }
  });

  it('rejects numbers with missing or malformed parts', () => {
    for (const input of [
      '',
      'JS1-2026-000001',
      'JS1-2026-000001-',
      'JS1-000001-9',
      'JS-2026-000001-9',
      '1-2026-000001-9',
      'JS1-2026--9',
      'JS12026000001 9',
      'JS1-2026-000001-99',
      'JS1-26-000001-9',
      'JS1-2026-00001-' + luhnCheckDigit('1202600001'),
      'JC1-2026-000001-9',
      'JS1-2026-000001-9-1',
      'JS1 2026 000001 9',
    ]) {
      assert.equal(parseRegistrationNumber(input), undefined, JSON.stringify(input));
    }
  });

  it('formats application numbers per JST year with a six-digit serial', () => {
    assert.equal(formatApplicationNumber(2026, 123), 'APP-2026-000123');
    assert.equal(formatApplicationNumber(2025, 1), 'APP-2025-000001');
    assert.equal(formatApplicationNumber(2026, 999999), 'APP-2026-999999');
  });

  it('formats acceptance numbers per JST year with a six-digit serial', () => {
    assert.equal(formatAcceptanceNumber(2026, 45), 'ACC-2026-000045');
    assert.equal(formatAcceptanceNumber(2027, 1), 'ACC-2027-000001');
    assert.notEqual(formatAcceptanceNumber(2026, 45), formatApplicationNumber(2026, 45));
  });

  it('names one counter per level and year for registration numbers, and one per year otherwise', () => {
    assert.equal(sequenceName.registration(1, 2026), 'registration:1:2026');
    assert.notEqual(sequenceName.registration(1, 2026), sequenceName.registration(2, 2026));
    assert.notEqual(sequenceName.registration(1, 2026), sequenceName.registration(1, 2027));
    assert.equal(sequenceName.application(2026), 'application:2026');
    assert.equal(sequenceName.acceptance(2026), 'acceptance:2026');
  });
});
