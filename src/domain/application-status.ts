/**
 * The application state machine:
 *
 *   draft ─submit→ submitted ─accept→ accepted ─record payment→ fee_paid ─issue→ issued
 *                     │  ↑                 │
 *                return  resubmit        reject
 *                     ↓  │
 *                  returned ──────→ (resubmitted behaves like submitted)
 *
 *   reject: from submitted, resubmitted, accepted      withdraw: from any state before fee_paid
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'resubmitted',
  'accepted',
  'fee_paid',
  'issued',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction = 'submit' | 'return' | 'accept' | 'reject' | 'record_payment' | 'issue' | 'withdraw';

const TRANSITIONS: Record<ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  submit: { draft: 'submitted', returned: 'resubmitted' },
  return: { submitted: 'returned', resubmitted: 'returned' },
  accept: { submitted: 'accepted', resubmitted: 'accepted' },
  reject: { submitted: 'rejected', resubmitted: 'rejected', accepted: 'rejected' },
  record_payment: { accepted: 'fee_paid' },
  issue: { fee_paid: 'issued' },
  withdraw: { draft: 'withdrawn', submitted: 'withdrawn', returned: 'withdrawn', resubmitted: 'withdrawn', accepted: 'withdrawn' },
};

/** The state after `action`, or undefined when the action is not allowed from `from`. */
export function nextApplicationStatus(from: ApplicationStatus, action: ApplicationAction): ApplicationStatus | undefined {
  return TRANSITIONS[action][from];
}

/** The vendor may change products, model numbers and checklist answers only in these states. */
export function isApplicationEditable(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** `psti`: the simplified ★1 route for UK PSTI-compliant products (catalog/recognitions/). */
export const APPLICATION_ROUTES = ['standard', 'renewal', 'psti'] as const;
export type ApplicationRoute = (typeof APPLICATION_ROUTES)[number];
