/**
 * Warnings derived from a product's security facts at an instant, shown on the product page and
 * in the API. They are computed, never stored, so they are always current: a support period that
 * ended yesterday warns today without anyone doing anything.
 */
import { jstDate } from './time.ts';

export const WARNING_CODES = [
  'support_ended',
  'support_ends_before_label_expiry',
  'unfixed_vulnerability',
  'label_expiring',
  'security_txt_expired',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface SecurityWarning {
  code: WarningCode;
  /** Facts the page turns into a sentence in the reader's language. */
  facts: Record<string, string | number | null>;
}

export interface WarningInput {
  instant: Date;
  /** The label's status now; only a valid label can be "expiring". */
  labelStatus: string | null;
  labelExpiresAt: string | null;
  supportEndsOn: string | null;
  /** Vulnerabilities whose status is known_affected (no fix yet), with when we first saw them. */
  unfixed: ReadonlyArray<{ cve: string | null; firstSeenAt: string }>;
  securityTxtExpiresAt: string | null;
  policy: { unfixedMaxAgeDays: number; expiringWithinDays: number };
}

const DAY = 86_400_000;

export function deriveSecurityWarnings(input: WarningInput): SecurityWarning[] {
  const today = jstDate(input.instant);
  const now = input.instant.getTime();
  const warnings: SecurityWarning[] = [];
  if (input.supportEndsOn && input.supportEndsOn < today) {
    warnings.push({ code: 'support_ended', facts: { supportEndsOn: input.supportEndsOn } });
  } else if (input.supportEndsOn && input.labelExpiresAt && input.labelStatus === 'valid' && input.supportEndsOn < jstDate(new Date(input.labelExpiresAt))) {
    warnings.push({ code: 'support_ends_before_label_expiry', facts: { supportEndsOn: input.supportEndsOn, labelExpiresAt: input.labelExpiresAt } });
  }
  for (const v of input.unfixed) {
    const days = Math.floor((now - Date.parse(v.firstSeenAt)) / DAY);
    if (days >= input.policy.unfixedMaxAgeDays) warnings.push({ code: 'unfixed_vulnerability', facts: { cve: v.cve, days } });
  }
  if (input.labelStatus === 'valid' && input.labelExpiresAt) {
    const daysLeft = Math.ceil((Date.parse(input.labelExpiresAt) - now) / DAY);
    if (daysLeft <= input.policy.expiringWithinDays) warnings.push({ code: 'label_expiring', facts: { expiresAt: input.labelExpiresAt, daysLeft } });
  }
  if (input.securityTxtExpiresAt && Date.parse(input.securityTxtExpiresAt) <= now) {
    warnings.push({ code: 'security_txt_expired', facts: { expiresAt: input.securityTxtExpiresAt } });
  }
  return warnings;
}
