import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { feeFor, type FeeEntry } from '../../src/domain/fees.ts';

let schedule: readonly FeeEntry[];

before(() => {
  schedule = loadCatalog(path.resolve(import.meta.dirname, '../../catalog')).jcStar.fees;
});

const amount = (level: number, route: string, submittedOn: string) => feeFor(schedule, level, route, submittedOn)?.amountJpy;

describe('feeFor with the JC-STAR fee schedule', () => {
  it('charges ¥110,000 for ★1 applications submitted up to 2025-09-30', () => {
    assert.equal(amount(1, 'standard', '2025-03-25'), 110000);
    assert.equal(amount(1, 'standard', '2025-09-30'), 110000);
  });

  it('charges ¥198,000 for ★1 applications submitted from 2025-10-01', () => {
    assert.equal(amount(1, 'standard', '2025-10-01'), 198000);
    assert.equal(amount(1, 'standard', '2026-06-15'), 198000);
    assert.equal(amount(1, 'standard', '2030-01-01'), 198000);
  });

  it('has no PSTI-route fee before 2026-01-01', () => {
    assert.equal(feeFor(schedule, 1, 'psti', '2025-12-31'), undefined);
    assert.equal(feeFor(schedule, 1, 'psti', '2025-03-25'), undefined);
  });

  it('charges ¥140,000 on the PSTI route from 2026-01-01', () => {
    assert.equal(amount(1, 'psti', '2026-01-01'), 140000);
    assert.equal(amount(1, 'psti', '2027-05-01'), 140000);
  });

  it('charges renewals the standard fee in force on the submission date (our policy)', () => {
    assert.equal(amount(1, 'renewal', '2025-09-30'), 110000);
    assert.equal(amount(1, 'renewal', '2025-10-01'), 198000);
    assert.equal(amount(1, 'renewal', '2027-03-01'), 198000);
    for (const date of ['2025-05-01', '2025-09-30', '2025-10-01', '2028-01-01']) {
      assert.equal(amount(1, 'renewal', date), amount(1, 'standard', date), date);
    }
  });

  it('says the fees include consumption tax', () => {
    for (const [route, date] of [['standard', '2025-09-30'], ['standard', '2025-10-01'], ['psti', '2026-01-01'], ['renewal', '2026-01-01']] as const) {
      const fee = feeFor(schedule, 1, route, date) as (FeeEntry & { taxIncluded?: boolean }) | undefined;
      assert.equal(fee?.taxIncluded, true, `${route} ${date}`);
    }
  });

  it('has only placeholder fees for ★2–★4, flagged in their notes, and none for unknown routes', () => {
    for (const level of [2, 3, 4]) {
      const fee = feeFor(schedule, level, 'standard', '2026-06-01') as FeeEntry & { note?: { en: string } };
      assert.equal(fee?.amountJpy, 198000, `level ${level}`);
      assert.match(fee.note?.en ?? '', /placeholder/);
    }
    assert.equal(feeFor(schedule, 1, 'express', '2026-06-01'), undefined);
  });
});

describe('feeFor', () => {
  const SCHEDULE: FeeEntry[] = [
    { level: 2, route: 'standard', amountJpy: 100, effectiveFrom: '2026-01-01', effectiveUntil: '2026-06-30' },
    { level: 2, route: 'standard', amountJpy: 200, effectiveFrom: '2026-07-01' },
    { level: 3, route: 'standard', amountJpy: 300 },
  ];

  it('treats both bounds as inclusive dates', () => {
    assert.equal(feeFor(SCHEDULE, 2, 'standard', '2025-12-31'), undefined);
    assert.equal(feeFor(SCHEDULE, 2, 'standard', '2026-01-01')?.amountJpy, 100);
    assert.equal(feeFor(SCHEDULE, 2, 'standard', '2026-06-30')?.amountJpy, 100);
    assert.equal(feeFor(SCHEDULE, 2, 'standard', '2026-07-01')?.amountJpy, 200);
  });

  it('treats a missing bound as open on that side', () => {
    assert.equal(feeFor(SCHEDULE, 3, 'standard', '1999-01-01')?.amountJpy, 300);
    assert.equal(feeFor(SCHEDULE, 3, 'standard', '2999-12-31')?.amountJpy, 300);
  });

  it('matches level and route exactly', () => {
    assert.equal(feeFor(SCHEDULE, 3, 'renewal', '2026-01-01'), undefined);
    assert.equal(feeFor(SCHEDULE, 1, 'standard', '2026-01-01'), undefined);
  });
});
