import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRenewalOpen, renewalWindow, renewedExpiry, type RenewalPolicy } from '../../src/domain/renewal.ts';
import { jstDate } from '../../src/domain/time.ts';

const at = (iso: string) => new Date(iso);
const POLICY: RenewalPolicy = { windowDays: 90, validityMonths: 24 };
// Expires at JST midnight starting 2028-04-01; 90 days earlier is JST midnight starting 2028-01-02
// (2028 is a leap year: 31 + 29 + 30 = 90 days from 2 January to 1 April).
const EXPIRES = at('2028-04-01T00:00:00+09:00');
const OPENS = at('2028-01-02T00:00:00+09:00');

describe('renewalWindow', () => {
  it('opens exactly windowDays before expiry and closes at expiry', () => {
    const window = renewalWindow(EXPIRES, POLICY);
    assert.equal(window.opensAt.toISOString(), OPENS.toISOString());
    assert.equal(window.closesAt.toISOString(), EXPIRES.toISOString());
  });

  it('follows the configured number of days', () => {
    assert.equal(renewalWindow(EXPIRES, { windowDays: 30, validityMonths: 24 }).opensAt.toISOString(), at('2028-03-02T00:00:00+09:00').toISOString());
    assert.equal(renewalWindow(EXPIRES, { windowDays: 1, validityMonths: 24 }).opensAt.toISOString(), at('2028-03-31T00:00:00+09:00').toISOString());
  });
});

describe('isRenewalOpen', () => {
  it('is closed until the window opens', () => {
    assert.equal(isRenewalOpen(EXPIRES, new Date(OPENS.getTime() - 1), POLICY), false);
    assert.equal(isRenewalOpen(EXPIRES, at('2027-06-01T00:00:00Z'), POLICY), false);
  });

  it('is open from the exact instant the window opens', () => {
    assert.equal(isRenewalOpen(EXPIRES, OPENS, POLICY), true);
  });

  it('is open up to the last millisecond before expiry', () => {
    assert.equal(isRenewalOpen(EXPIRES, at('2028-02-15T12:00:00Z'), POLICY), true);
    assert.equal(isRenewalOpen(EXPIRES, new Date(EXPIRES.getTime() - 1), POLICY), true);
  });

  it('is closed at expiry and afterwards', () => {
    assert.equal(isRenewalOpen(EXPIRES, EXPIRES, POLICY), false);
    assert.equal(isRenewalOpen(EXPIRES, at('2028-06-01T00:00:00Z'), POLICY), false);
  });
});

describe('renewedExpiry', () => {
  it('adds the validity period to the previous expiry, not to the renewal date', () => {
    assert.equal(renewedExpiry(EXPIRES, POLICY).toISOString(), at('2030-04-01T00:00:00+09:00').toISOString());
  });

  it('keeps the time of day of the previous expiry', () => {
    const previous = at('2028-04-01T10:30:00+09:00');
    assert.equal(renewedExpiry(previous, POLICY).toISOString(), at('2030-04-01T10:30:00+09:00').toISOString());
  });

  it('clamps to the end of February when the previous expiry was 29 February (JST)', () => {
    const previous = at('2028-02-29T00:00:00+09:00');
    const renewed = renewedExpiry(previous, POLICY);
    assert.equal(jstDate(renewed), '2030-02-28');
    assert.equal(renewed.toISOString(), at('2030-02-28T00:00:00+09:00').toISOString());
  });

  it('uses the validity months of the policy', () => {
    assert.equal(jstDate(renewedExpiry(EXPIRES, { windowDays: 90, validityMonths: 12 })), '2029-04-01');
  });
});
