import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APPLICATION_STATUSES,
  isApplicationEditable,
  nextApplicationStatus,
  type ApplicationAction,
  type ApplicationStatus,
} from '../../src/domain/application-status.ts';

const ACTIONS: readonly ApplicationAction[] = ['submit', 'return', 'accept', 'reject', 'record_payment', 'issue', 'withdraw'];

/**
 * The state machine as documented in src/domain/application-status.ts and docs/lifecycle.md,
 * written out in full: every (status, action) pair not listed here must be refused.
 */
const EXPECTED: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { return: 'returned', accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  returned: { submit: 'resubmitted', withdraw: 'withdrawn' },
  resubmitted: { return: 'returned', accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: { reject: 'rejected', record_payment: 'fee_paid', withdraw: 'withdrawn' },
  fee_paid: { issue: 'issued' },
  issued: {},
  rejected: {},
  withdrawn: {},
};

describe('nextApplicationStatus', () => {
  for (const from of APPLICATION_STATUSES) {
    for (const action of ACTIONS) {
      const to = EXPECTED[from][action];
      it(to ? `moves ${from} to ${to} on ${action}` : `refuses ${action} when ${from}`, () => {
        assert.equal(nextApplicationStatus(from, action), to);
      });
    }
  }

  it('knows exactly the nine documented statuses', () => {
    assert.deepEqual([...APPLICATION_STATUSES].sort(), Object.keys(EXPECTED).sort());
  });

  it('takes an application from draft to issued, through one return', () => {
    const path: ApplicationAction[] = ['submit', 'return', 'submit', 'accept', 'record_payment', 'issue'];
    const visited: ApplicationStatus[] = ['draft'];
    for (const action of path) {
      const next = nextApplicationStatus(visited[visited.length - 1]!, action);
      assert.ok(next, `${action} from ${visited[visited.length - 1]}`);
      visited.push(next);
    }
    assert.deepEqual(visited, ['draft', 'submitted', 'returned', 'resubmitted', 'accepted', 'fee_paid', 'issued']);
  });

  it('lets nothing leave the final states issued, rejected and withdrawn', () => {
    for (const from of ['issued', 'rejected', 'withdrawn'] as const) {
      for (const action of ACTIONS) assert.equal(nextApplicationStatus(from, action), undefined, `${action} from ${from}`);
    }
  });

  it('refuses withdrawal once the fee is paid, because the fee is not refundable', () => {
    assert.equal(nextApplicationStatus('fee_paid', 'withdraw'), undefined);
    assert.equal(nextApplicationStatus('accepted', 'withdraw'), 'withdrawn');
  });
});

describe('isApplicationEditable', () => {
  const EDITABLE: Record<ApplicationStatus, boolean> = {
    draft: true,
    submitted: false,
    returned: true,
    resubmitted: false,
    accepted: false,
    fee_paid: false,
    issued: false,
    rejected: false,
    withdrawn: false,
  };
  for (const status of APPLICATION_STATUSES) {
    it(`${EDITABLE[status] ? 'allows' : 'refuses'} editing when the application is ${status}`, () => {
      assert.equal(isApplicationEditable(status), EDITABLE[status]);
    });
  }
});
