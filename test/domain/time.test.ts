import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, addMonths, isValidIsoDate, jstDate, jstYear, startOfJstDate } from '../../src/domain/time.ts';

const at = (iso: string) => new Date(iso);

describe('jstDate', () => {
  it('gives the JST calendar date, which is still the same day until 14:59:59.999Z', () => {
    assert.equal(jstDate(at('2026-03-31T14:59:59.999Z')), '2026-03-31');
  });

  it('moves to the next day at 15:00Z, which is JST midnight', () => {
    assert.equal(jstDate(at('2026-03-31T15:00:00.000Z')), '2026-04-01');
  });

  it('gives the JST date for instants written with a +09:00 offset', () => {
    assert.equal(jstDate(at('2026-04-01T00:00:00+09:00')), '2026-04-01');
    assert.equal(jstDate(at('2026-04-01T23:59:59.999+09:00')), '2026-04-01');
  });

  it('gives the UTC date for instants between JST and UTC midnight', () => {
    assert.equal(jstDate(at('2026-01-01T00:00:00Z')), '2026-01-01');
    assert.equal(jstDate(at('2025-12-31T23:00:00Z')), '2026-01-01');
  });
});

describe('jstYear', () => {
  it('counts the new year from JST midnight, nine hours before UTC', () => {
    assert.equal(jstYear(at('2025-12-31T14:59:59.999Z')), 2025);
    assert.equal(jstYear(at('2025-12-31T15:00:00.000Z')), 2026);
  });
});

describe('addMonths', () => {
  it('clamps 2024-02-29 JST + 24 months to 2026-02-28 JST', () => {
    const result = addMonths(at('2024-02-29T00:00:00+09:00'), 24);
    assert.equal(result.toISOString(), '2026-02-27T15:00:00.000Z');
    assert.equal(jstDate(result), '2026-02-28');
  });

  it('keeps the time of day', () => {
    assert.equal(addMonths(at('2024-02-29T10:30:15.123+09:00'), 24).toISOString(), at('2026-02-28T10:30:15.123+09:00').toISOString());
    assert.equal(addMonths(at('2026-04-01T23:59:59.999+09:00'), 24).toISOString(), at('2028-04-01T23:59:59.999+09:00').toISOString());
  });

  it('counts months in the JST calendar, not the UTC one', () => {
    // 2024-01-30T15:00Z is 31 January in Japan; one month later is 29 February (JST).
    // Counted in UTC it would be 30 January + 1 month = 1 March JST.
    const result = addMonths(at('2024-01-30T15:00:00Z'), 1);
    assert.equal(result.toISOString(), '2024-02-28T15:00:00.000Z');
    assert.equal(jstDate(result), '2024-02-29');
  });

  it('clamps to the last day of shorter months', () => {
    assert.equal(jstDate(addMonths(at('2025-01-31T09:00:00+09:00'), 1)), '2025-02-28');
    assert.equal(jstDate(addMonths(at('2026-03-31T09:00:00+09:00'), 1)), '2026-04-30');
    assert.equal(jstDate(addMonths(at('2026-08-31T09:00:00+09:00'), 1)), '2026-09-30');
  });

  it('does not clamp when the day exists', () => {
    assert.equal(jstDate(addMonths(at('2024-02-29T09:00:00+09:00'), 48)), '2028-02-29');
    assert.equal(jstDate(addMonths(at('2026-01-15T09:00:00+09:00'), 1)), '2026-02-15');
  });

  it('rolls over into the next year', () => {
    assert.equal(addMonths(at('2025-11-15T12:00:00+09:00'), 3).toISOString(), at('2026-02-15T12:00:00+09:00').toISOString());
    assert.equal(jstDate(addMonths(at('2026-12-31T00:00:00+09:00'), 2)), '2027-02-28');
  });

  it('goes backwards for negative months', () => {
    assert.equal(jstDate(addMonths(at('2026-03-31T09:00:00+09:00'), -1)), '2026-02-28');
    assert.equal(jstDate(addMonths(at('2026-01-15T09:00:00+09:00'), -2)), '2025-11-15');
  });

  it('returns the same instant for zero months and does not change its argument', () => {
    const start = at('2026-04-01T09:00:00+09:00');
    assert.equal(addMonths(start, 0).getTime(), start.getTime());
    addMonths(start, 24);
    assert.equal(start.toISOString(), '2026-04-01T00:00:00.000Z');
  });
});

describe('addDays', () => {
  it('adds whole days of 24 hours', () => {
    assert.equal(addDays(at('2026-03-31T15:00:00Z'), 1).toISOString(), '2026-04-01T15:00:00.000Z');
    assert.equal(addDays(at('2028-03-31T15:00:00Z'), -90).toISOString(), '2028-01-01T15:00:00.000Z');
  });
});

describe('startOfJstDate', () => {
  it('gives the instant JST midnight begins, 15:00Z the day before', () => {
    assert.equal(startOfJstDate('2026-04-01').toISOString(), '2026-03-31T15:00:00.000Z');
    assert.equal(startOfJstDate('2026-01-01').toISOString(), '2025-12-31T15:00:00.000Z');
  });

  it('is the first instant of that JST date', () => {
    const start = startOfJstDate('2026-04-01');
    assert.equal(jstDate(start), '2026-04-01');
    assert.equal(jstDate(new Date(start.getTime() - 1)), '2026-03-31');
  });
});

describe('isValidIsoDate', () => {
  it('accepts real calendar dates, including 29 February of a leap year', () => {
    for (const date of ['2026-04-01', '2024-02-29', '2026-12-31', '2000-02-29', '2026-01-01']) {
      assert.equal(isValidIsoDate(date), true, date);
    }
  });

  it('rejects days that do not exist', () => {
    for (const date of ['2026-02-30', '2025-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32']) {
      assert.equal(isValidIsoDate(date), false, date);
    }
  });

  it('rejects anything that is not exactly YYYY-MM-DD', () => {
    for (const value of ['', '2026-4-1', '2026/04/01', '20260401', '2026-04-01T00:00:00Z', ' 2026-04-01', '2026-04-01 ', '２０２６-０４-０１', 'yesterday']) {
      assert.equal(isValidIsoDate(value), false, JSON.stringify(value));
    }
  });
});
