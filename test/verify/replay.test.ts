/** Status replay from log leaves, and the back-dating check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayStatuses, type LeafFields } from '../../src/verify/replay.ts';

const leaf = (type: string, at: string, status: string, rn = 'JS1-2026-000001-9'): LeafFields => ({
  type, at, registrationNumber: rn, status, issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2028-01-01T00:00:00.000Z',
});

describe('replayStatuses', () => {
  it('derives the current status from the latest leaf and time', () => {
    const { statuses, problems } = replayStatuses([leaf('label.issued', '2026-01-01T00:00:00.000Z', 'valid'), leaf('label.suspended', '2026-02-01T00:00:00.000Z', 'suspended')], new Date('2026-03-01T00:00:00Z'));
    assert.deepEqual(problems, []);
    assert.equal(statuses.get('JS1-2026-000001-9')!.status, 'suspended');
    assert.equal(replayStatuses([leaf('label.issued', '2026-01-01T00:00:00.000Z', 'valid')], new Date('2029-01-01T00:00:00Z')).statuses.get('JS1-2026-000001-9')!.status, 'expired');
  });

  it('tolerates concurrent writers a few milliseconds out of order but flags a back-dated leaf', () => {
    const base = [leaf('label.issued', '2026-01-01T00:00:00.050Z', 'valid'), leaf('label.issued', '2026-01-01T00:00:00.010Z', 'valid', 'JS1-2026-000002-7')];
    assert.deepEqual(replayStatuses(base, new Date()).problems, []);
    const backdated = [...base, leaf('label.revoked', '2025-12-01T00:00:00.000Z', 'revoked')];
    assert.match(replayStatuses(backdated, new Date()).problems.join(), /possibly back-dated/);
  });

  it('flags a change before issue and a second issue', () => {
    const problems = replayStatuses([leaf('label.revoked', '2026-01-01T00:00:00.000Z', 'revoked'), leaf('label.issued', '2026-01-02T00:00:00.000Z', 'valid'), leaf('label.issued', '2026-01-03T00:00:00.000Z', 'valid')], new Date()).problems;
    assert.match(problems.join(), /before it was issued/);
    assert.match(problems.join(), /a second time/);
  });
});
