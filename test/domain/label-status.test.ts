import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canApplyLabelAction,
  LABEL_ACTION_EVENT,
  LABEL_STATUSES,
  labelStateAt,
  type LabelAction,
  type LabelHistoryEvent,
  type LabelStatus,
} from '../../src/domain/label-status.ts';

const at = (iso: string) => new Date(iso);

const ISSUED = at('2026-04-01T10:00:00+09:00');
const EXPIRES = at('2028-04-01T10:00:00+09:00');
const issued: LabelHistoryEvent = { type: 'issued', at: ISSUED, expiresAt: EXPIRES };

const statusAt = (history: readonly LabelHistoryEvent[], iso: string) => labelStateAt(history, at(iso))?.status;

describe('labelStateAt', () => {
  it('is undefined before the label is issued', () => {
    assert.equal(labelStateAt([issued], at('2026-04-01T09:59:59.999+09:00')), undefined);
    assert.equal(labelStateAt([], at('2026-05-01T00:00:00Z')), undefined);
  });

  it('is valid from the issue instant, with its issue and expiry', () => {
    assert.deepEqual(labelStateAt([issued], ISSUED), { status: 'valid', issuedAt: ISSUED, expiresAt: EXPIRES });
    assert.equal(statusAt([issued], '2027-06-15T00:00:00Z'), 'valid');
  });

  it('is valid up to the last millisecond before expiry and expired exactly at expiresAt', () => {
    assert.equal(labelStateAt([issued], new Date(EXPIRES.getTime() - 1))?.status, 'valid');
    assert.equal(labelStateAt([issued], EXPIRES)?.status, 'expired');
    assert.equal(statusAt([issued], '2030-01-01T00:00:00Z'), 'expired');
  });

  it('keeps issue and expiry dates when the label has expired', () => {
    const state = labelStateAt([issued], at('2029-01-01T00:00:00Z'));
    assert.deepEqual(state, { status: 'expired', issuedAt: ISSUED, expiresAt: EXPIRES });
  });

  it('is suspended after a suspension, and expired once a suspended label reaches expiry', () => {
    const history: LabelHistoryEvent[] = [issued, { type: 'suspended', at: at('2027-01-01T00:00:00Z') }];
    assert.equal(statusAt(history, '2026-12-31T23:59:59Z'), 'valid');
    assert.equal(statusAt(history, '2027-01-01T00:00:00Z'), 'suspended');
    assert.equal(labelStateAt(history, EXPIRES)?.status, 'expired');
  });

  it('stays revoked after the expiry date', () => {
    const history: LabelHistoryEvent[] = [issued, { type: 'revoked', at: at('2027-01-01T00:00:00Z') }];
    assert.equal(statusAt(history, '2027-01-01T00:00:00Z'), 'revoked');
    assert.equal(labelStateAt(history, EXPIRES)?.status, 'revoked');
    assert.equal(statusAt(history, '2035-01-01T00:00:00Z'), 'revoked');
  });

  it('stays withdrawn after the expiry date', () => {
    const history: LabelHistoryEvent[] = [issued, { type: 'withdrawn', at: at('2027-01-01T00:00:00Z') }];
    assert.equal(statusAt(history, '2027-06-01T00:00:00Z'), 'withdrawn');
    assert.equal(statusAt(history, '2035-01-01T00:00:00Z'), 'withdrawn');
  });

  it('is revoked when a suspended label is revoked', () => {
    const history: LabelHistoryEvent[] = [
      issued,
      { type: 'suspended', at: at('2027-01-01T00:00:00Z') },
      { type: 'revoked', at: at('2027-02-01T00:00:00Z') },
    ];
    assert.equal(statusAt(history, '2027-01-15T00:00:00Z'), 'suspended');
    assert.equal(statusAt(history, '2027-02-01T00:00:00Z'), 'revoked');
  });

  it('is valid again after reinstatement', () => {
    const history: LabelHistoryEvent[] = [
      issued,
      { type: 'suspended', at: at('2027-01-01T00:00:00Z') },
      { type: 'reinstated', at: at('2027-02-01T00:00:00Z') },
    ];
    assert.equal(statusAt(history, '2027-01-31T23:59:59Z'), 'suspended');
    assert.equal(statusAt(history, '2027-02-01T00:00:00Z'), 'valid');
    assert.equal(labelStateAt(history, EXPIRES)?.status, 'expired');
  });

  it('extends the expiry from the renewal on, keeping the issue date', () => {
    const renewedUntil = at('2030-04-01T10:00:00+09:00');
    const history: LabelHistoryEvent[] = [issued, { type: 'renewed', at: at('2028-02-01T00:00:00Z'), expiresAt: renewedUntil }];
    // Before the renewal event, the old expiry applies.
    assert.deepEqual(labelStateAt(history, at('2028-01-31T00:00:00Z')), { status: 'valid', issuedAt: ISSUED, expiresAt: EXPIRES });
    assert.deepEqual(labelStateAt(history, EXPIRES), { status: 'valid', issuedAt: ISSUED, expiresAt: renewedUntil });
    assert.equal(labelStateAt(history, new Date(renewedUntil.getTime() - 1))?.status, 'valid');
    assert.equal(labelStateAt(history, renewedUntil)?.status, 'expired');
  });

  it('brings an expired label back to valid when a renewal is issued after expiry', () => {
    const renewedUntil = at('2030-04-01T10:00:00+09:00');
    const history: LabelHistoryEvent[] = [issued, { type: 'renewed', at: at('2028-05-01T00:00:00Z'), expiresAt: renewedUntil }];
    assert.equal(statusAt(history, '2028-04-15T00:00:00Z'), 'expired');
    assert.equal(statusAt(history, '2028-05-01T00:00:00Z'), 'valid');
  });

  it('ignores events after the instant asked about', () => {
    const history: LabelHistoryEvent[] = [
      issued,
      { type: 'revoked', at: at('2027-01-01T00:00:00Z') },
      { type: 'renewed', at: at('2027-06-01T00:00:00Z'), expiresAt: at('2031-01-01T00:00:00Z') },
    ];
    assert.deepEqual(labelStateAt(history, at('2026-12-31T23:59:59.999Z')), { status: 'valid', issuedAt: ISSUED, expiresAt: EXPIRES });
  });

  it('includes an event that happens exactly at the instant asked about', () => {
    const suspendedAt = at('2027-01-01T00:00:00Z');
    assert.equal(labelStateAt([issued, { type: 'suspended', at: suspendedAt }], suspendedAt)?.status, 'suspended');
  });

  it('replays events in time order whatever order they are given in', () => {
    const suspended: LabelHistoryEvent = { type: 'suspended', at: at('2027-01-01T00:00:00Z') };
    const reinstated: LabelHistoryEvent = { type: 'reinstated', at: at('2027-02-01T00:00:00Z') };
    const renewed: LabelHistoryEvent = { type: 'renewed', at: at('2028-02-01T00:00:00Z'), expiresAt: at('2030-04-01T01:00:00Z') };
    const ordered = [issued, suspended, reinstated, renewed];
    const shuffled = [renewed, reinstated, issued, suspended];
    for (const iso of ['2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', '2027-01-15T00:00:00Z', '2027-03-01T00:00:00Z', '2029-01-01T00:00:00Z', '2031-01-01T00:00:00Z']) {
      assert.deepEqual(labelStateAt(shuffled, at(iso)), labelStateAt(ordered, at(iso)), iso);
    }
    assert.equal(statusAt(shuffled, '2027-03-01T00:00:00Z'), 'valid');
    assert.equal(statusAt(shuffled, '2027-01-15T00:00:00Z'), 'suspended');
    assert.equal(labelStateAt(shuffled, at('2029-01-01T00:00:00Z'))?.expiresAt.toISOString(), '2030-04-01T01:00:00.000Z');
  });

  it('does not reorder the caller’s history', () => {
    const suspended: LabelHistoryEvent = { type: 'suspended', at: at('2027-01-01T00:00:00Z') };
    const history = [suspended, issued];
    labelStateAt(history, at('2027-06-01T00:00:00Z'));
    assert.deepEqual(history, [suspended, issued]);
  });

  it('ignores status events dated before the label was issued', () => {
    const history: LabelHistoryEvent[] = [{ type: 'revoked', at: at('2026-01-01T00:00:00Z') }, issued];
    assert.equal(statusAt(history, '2026-05-01T00:00:00Z'), 'valid');
  });

  it('reaches the status each action names when its event is appended', () => {
    const expected: Record<Exclude<LabelAction, 'renew' | 'reinstate'>, LabelStatus> = {
      suspend: 'suspended',
      revoke: 'revoked',
      withdraw: 'withdrawn',
    };
    for (const [action, status] of Object.entries(expected) as [keyof typeof expected, LabelStatus][]) {
      const history: LabelHistoryEvent[] = [issued, { type: LABEL_ACTION_EVENT[action], at: at('2027-01-01T00:00:00Z') }];
      assert.equal(statusAt(history, '2027-01-02T00:00:00Z'), status, action);
    }
    const reinstated: LabelHistoryEvent[] = [
      issued,
      { type: LABEL_ACTION_EVENT.suspend, at: at('2027-01-01T00:00:00Z') },
      { type: LABEL_ACTION_EVENT.reinstate, at: at('2027-01-02T00:00:00Z') },
    ];
    assert.equal(statusAt(reinstated, '2027-01-03T00:00:00Z'), 'valid');
    assert.equal(LABEL_ACTION_EVENT.renew, 'renewed');
  });
});

describe('canApplyLabelAction', () => {
  // The documented table (docs/lifecycle.md), plus renewal: a renewal application opened inside
  // the window may be decided after the old expiry, so an expired label can still be renewed.
  const ALLOWED: Record<LabelAction, readonly LabelStatus[]> = {
    suspend: ['valid'],
    reinstate: ['suspended'],
    revoke: ['valid', 'suspended', 'expired'],
    withdraw: ['valid', 'suspended'],
    renew: ['valid', 'expired'],
  };

  for (const [action, allowed] of Object.entries(ALLOWED) as [LabelAction, readonly LabelStatus[]][]) {
    for (const status of LABEL_STATUSES) {
      const expected = allowed.includes(status);
      it(`${expected ? 'allows' : 'refuses'} ${action} when the label is ${status}`, () => {
        assert.equal(canApplyLabelAction(action, status), expected);
      });
    }
  }

  it('never allows any action on a revoked or withdrawn label, which are final', () => {
    for (const action of Object.keys(ALLOWED) as LabelAction[]) {
      assert.equal(canApplyLabelAction(action, 'revoked'), false, action);
      assert.equal(canApplyLabelAction(action, 'withdrawn'), false, action);
    }
  });

  it('covers every status the domain knows', () => {
    assert.deepEqual([...LABEL_STATUSES].sort(), ['expired', 'revoked', 'suspended', 'valid', 'withdrawn']);
  });
});
