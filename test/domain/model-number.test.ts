import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkModelNumbers,
  MODEL_NUMBER_MAX_LENGTH,
  MODEL_NUMBERS_PER_APPLICATION_MAX,
  modelNumberKey,
  modelNumberProblem,
} from '../../src/domain/model-number.ts';

const BASE = '/modelNumbers';

describe('modelNumberKey', () => {
  it('turns the full-width hyphen-minus U+FF0D into an ASCII hyphen under NFKC', () => {
    assert.equal('－'.normalize('NFKC'), '-');
    assert.equal(modelNumberKey('ＡＸ－３０００'), 'AX-3000');
  });

  it('gives full-width and lower-case variants of one model number the same key', () => {
    const key = modelNumberKey('AX-3000');
    for (const variant of ['ＡＸ－３０００', 'ax-3000', 'Ax-3000', 'ａｘ－３０００']) {
      assert.equal(modelNumberKey(variant), key, variant);
    }
  });

  it('folds half-width katakana to full-width, so both spellings match', () => {
    assert.equal(modelNumberKey('ｶﾒﾗ-100'), modelNumberKey('カメラ-100'));
  });

  it('collapses runs of inner spaces, including the full-width space', () => {
    assert.equal(modelNumberKey('AX  3000'), 'AX 3000');
    assert.equal(modelNumberKey('AX\u30003000'), 'AX 3000');
  });

  it('keeps model numbers that differ in more than width, case or spacing apart', () => {
    assert.notEqual(modelNumberKey('AX-3000'), modelNumberKey('AX-3001'));
    assert.notEqual(modelNumberKey('AX-3000'), modelNumberKey('AX3000'));
    assert.notEqual(modelNumberKey('AX-3000'), modelNumberKey('AX 3000'));
  });
});

describe('modelNumberProblem', () => {
  it('accepts ordinary, Japanese and 64-character model numbers', () => {
    for (const value of ['AX-3000', 'ＡＸ－３０００', 'カメラ ネット 100', '防犯カメラ-ＨＤ２', 'A'.repeat(64), 'あ'.repeat(64), '𠮷'.repeat(64), 'AX 3000 (black)']) {
      assert.equal(modelNumberProblem(value), undefined, value);
    }
  });

  it('counts characters, not UTF-16 units, against the 64-character limit', () => {
    // '𠮷' is one character but two UTF-16 code units.
    assert.equal('𠮷'.repeat(64).length, 128);
    assert.equal(modelNumberProblem('𠮷'.repeat(64)), undefined);
    assert.match(modelNumberProblem('𠮷'.repeat(65)) ?? '', /at most 64/);
  });

  it('rejects more than 64 characters', () => {
    assert.equal(MODEL_NUMBER_MAX_LENGTH, 64);
    assert.match(modelNumberProblem('A'.repeat(65)) ?? '', /at most 64 characters/);
    assert.match(modelNumberProblem('あ'.repeat(65)) ?? '', /at most 64 characters/);
  });

  it('rejects empty and whitespace-only values', () => {
    for (const value of ['', ' ', '   ', '\u3000', '\t\n']) {
      assert.match(modelNumberProblem(value) ?? '', /must not be empty/, JSON.stringify(value));
    }
  });

  it('rejects control and invisible characters', () => {
    for (const value of ['AX\u00073000', 'AX\u00003000', 'AX\u200B3000', 'AX\u202E0003', 'AX\t3000', 'AX\n3000', 'AX\u20283000', '\uFEFFAX-3000', 'AX\uE0003000']) {
      assert.match(modelNumberProblem(value) ?? '', /control or invisible/, JSON.stringify(value));
    }
  });

  it('rejects leading and trailing spaces', () => {
    for (const value of [' AX-3000', 'AX-3000 ', '\u3000AX-3000', 'AX-3000\u00A0']) {
      assert.match(modelNumberProblem(value) ?? '', /start or end with spaces/, JSON.stringify(value));
    }
  });
});

describe('checkModelNumbers', () => {
  it('accepts a clean list and returns it NFC-normalised', () => {
    const decomposed = 'Cafe\u0301-1';
    const result = checkModelNumbers(['AX-3000', 'AX-3001', 'カメラ-100', decomposed], BASE);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.values, ['AX-3000', 'AX-3001', 'カメラ-100', 'Café-1']);
    assert.equal(result.values[3], 'Caf\u00e9-1');
  });

  it('requires at least one model number', () => {
    assert.deepEqual(checkModelNumbers([], BASE).errors, [{ pointer: BASE, detail: 'at least one model number is required' }]);
  });

  it('points at each bad entry by its index', () => {
    const { errors } = checkModelNumbers(['AX-3000', '', '   ', 'AX\u00073000', 'AX\u0000', 'AX\u200B1', 'AX\u202E2', ' AX-4 ', 'B'.repeat(65)], BASE);
    assert.deepEqual(
      errors.map((e) => e.pointer),
      ['/modelNumbers/1', '/modelNumbers/2', '/modelNumbers/3', '/modelNumbers/4', '/modelNumbers/5', '/modelNumbers/6', '/modelNumbers/7', '/modelNumbers/8'],
    );
    assert.match(errors[0]!.detail, /empty/);
    assert.match(errors[1]!.detail, /empty/);
    for (const e of errors.slice(2, 6)) assert.match(e.detail, /control or invisible/);
    assert.match(errors[6]!.detail, /spaces/);
    assert.match(errors[7]!.detail, /at most 64/);
  });

  it('reports a duplicate by key at the later index and names the first', () => {
    const { errors } = checkModelNumbers(['ＡＸ－３０００', 'BX-1', 'ax-3000'], BASE);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, '/modelNumbers/2');
    assert.match(errors[0]!.detail, /\/modelNumbers\/0/);
    assert.match(errors[0]!.detail, /ＡＸ－３０００/);
  });

  it('reports every repeat of a duplicated model number against the first occurrence', () => {
    const { errors } = checkModelNumbers(['AX-1', 'ax-1', 'Ａｘ－１', 'AX  1', 'AX 1'], BASE);
    assert.deepEqual(
      errors.map((e) => e.pointer),
      ['/modelNumbers/1', '/modelNumbers/2', '/modelNumbers/4'],
    );
    for (const e of errors.slice(0, 2)) assert.match(e.detail, /duplicates \/modelNumbers\/0/);
    assert.match(errors[2]!.detail, /duplicates \/modelNumbers\/3/);
  });

  it('uses the base pointer it is given', () => {
    const { errors } = checkModelNumbers(['A', 'a'], '/products/2/modelNumbers');
    assert.equal(errors[0]!.pointer, '/products/2/modelNumbers/1');
  });

  it('accepts exactly 10,000 model numbers', () => {
    assert.equal(MODEL_NUMBERS_PER_APPLICATION_MAX, 10_000);
    const values = Array.from({ length: 10_000 }, (_, i) => `AX-${i}`);
    assert.deepEqual(checkModelNumbers(values, BASE).errors, []);
  });

  it('rejects more than 10,000 model numbers at the list pointer', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => `AX-${i}`);
    const { errors } = checkModelNumbers(values, BASE);
    assert.deepEqual(errors, [{ pointer: BASE, detail: 'at most 10000 model numbers' }]);
  });
});
