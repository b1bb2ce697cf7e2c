/**
 * A label's status is derived from its append-only history and the instant asked about:
 * `expired` is a function of time, never a stored flag, so no job has to run at midnight.
 */
export const LABEL_EVENT_TYPES = ['issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'withdrawn'] as const;
export type LabelEventType = (typeof LABEL_EVENT_TYPES)[number];

export const LABEL_STATUSES = ['valid', 'expired', 'suspended', 'revoked', 'withdrawn'] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

export interface LabelHistoryEvent {
  type: LabelEventType;
  at: Date;
  /** Set by `issued` and `renewed`: the expiry in force from this event on. */
  expiresAt?: Date | null;
}

export interface LabelState {
  status: LabelStatus;
  issuedAt: Date;
  expiresAt: Date;
}

/** Status at `instant`, replaying the events up to it; undefined before the label was issued. */
export function labelStateAt(history: readonly LabelHistoryEvent[], instant: Date): LabelState | undefined {
  let state: { base: 'valid' | 'suspended' | 'revoked' | 'withdrawn'; issuedAt: Date; expiresAt: Date } | undefined;
  const ordered = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const event of ordered) {
    if (event.at.getTime() > instant.getTime()) break;
    if (event.type === 'issued') {
      state = { base: 'valid', issuedAt: event.at, expiresAt: event.expiresAt! };
      continue;
    }
    if (!state) continue;
    switch (event.type) {
      case 'renewed':
        state.expiresAt = event.expiresAt!;
        break;
      case 'suspended':
        state.base = 'suspended';
        break;
      case 'reinstated':
        state.base = 'valid';
        break;
      case 'revoked':
        state.base = 'revoked';
        break;
      case 'withdrawn':
        state.base = 'withdrawn';
        break;
    }
  }
  if (!state) return undefined;
  return {
    status: deriveStatus(state.base, state.expiresAt, instant),
    issuedAt: state.issuedAt,
    expiresAt: state.expiresAt,
  };
}

/** Terminal statuses win over expiry; expiry wins over suspension. */
export function deriveStatus(
  base: 'valid' | 'suspended' | 'revoked' | 'withdrawn',
  expiresAt: Date,
  instant: Date,
): LabelStatus {
  if (base === 'revoked' || base === 'withdrawn') return base;
  if (instant.getTime() >= expiresAt.getTime()) return 'expired';
  return base;
}

export type LabelAction = 'suspend' | 'reinstate' | 'revoke' | 'withdraw' | 'renew';

const ALLOWED_FROM: Record<LabelAction, readonly LabelStatus[]> = {
  suspend: ['valid'],
  reinstate: ['suspended'],
  revoke: ['valid', 'suspended', 'expired'],
  withdraw: ['valid', 'suspended'],
  // A renewal is decided while the label is valid; see renewal.ts for the window.
  renew: ['valid', 'expired'],
};

export const LABEL_ACTION_EVENT: Record<LabelAction, LabelEventType> = {
  suspend: 'suspended',
  reinstate: 'reinstated',
  revoke: 'revoked',
  withdraw: 'withdrawn',
  renew: 'renewed',
};

export function canApplyLabelAction(action: LabelAction, current: LabelStatus): boolean {
  return ALLOWED_FROM[action].includes(current);
}
