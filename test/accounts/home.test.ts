/** Where a log-in lands without a `next`: each role's own area. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../src/domain/roles.ts';
import { homeFor } from '../../src/web/workspace/accounts/login.routes.tsx';

describe('the home of each role after log-in', () => {
  it('sends vendors to the portal, evaluators to their evaluation pages, operators to the console', () => {
    const homes = Object.fromEntries(ROLES.map((role) => [role, homeFor(role)]));
    assert.deepEqual(homes, {
      vendor_member: '/portal',
      vendor_admin: '/portal',
      reviewer: '/console',
      operator_admin: '/console',
      evaluator: '/evaluation',
    });
  });
});
