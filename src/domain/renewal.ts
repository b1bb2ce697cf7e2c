/**
 * Renewal (our policy, configurable in catalog/schemes/jc-star.json): the window opens
 * `windowDays` before expiry and closes at expiry; a renewal keeps the registration number and
 * extends validity by the level's validity period counted from the previous expiry.
 */
import { addDays, addMonths } from './time.ts';

export interface RenewalPolicy {
  windowDays: number;
  validityMonths: number;
}

export function renewalWindow(expiresAt: Date, policy: RenewalPolicy): { opensAt: Date; closesAt: Date } {
  return { opensAt: addDays(expiresAt, -policy.windowDays), closesAt: expiresAt };
}

export function isRenewalOpen(expiresAt: Date, instant: Date, policy: RenewalPolicy): boolean {
  const { opensAt, closesAt } = renewalWindow(expiresAt, policy);
  return instant.getTime() >= opensAt.getTime() && instant.getTime() < closesAt.getTime();
}

export function renewedExpiry(previousExpiry: Date, policy: RenewalPolicy): Date {
  return addMonths(previousExpiry, policy.validityMonths);
}
