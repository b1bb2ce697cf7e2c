/**
 * Replays label statuses from log leaves: the latest leaf of each registration number fixes the
 * base status and the expiry; time then decides `expired`, exactly as the registry does.
 */
import { deriveStatus, type LabelStatus } from '../domain/label-status.ts';

export interface LeafFields {
  type: string;
  at: string;
  registrationNumber: string;
  status: string;
  issuedAt: string;
  expiresAt: string;
}

export function parseLeaf(text: string, index: number): LeafFields {
  let leaf: LeafFields;
  try {
    leaf = JSON.parse(text) as LeafFields;
  } catch {
    throw new Error(`leaf ${index} is not JSON`);
  }
  for (const field of ['type', 'at', 'registrationNumber', 'status', 'issuedAt', 'expiresAt'] as const) {
    if (typeof leaf[field] !== 'string') throw new Error(`leaf ${index} lacks "${field}"`);
  }
  return leaf;
}

/**
 * How far a leaf's time may lie before its predecessor's. Concurrent writers take their clock
 * reading before the log's counter serialises them, and app servers' clocks differ slightly, so
 * log order and time order can disagree by milliseconds to seconds; a larger step back is
 * reported as possible back-dating.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 60_000;

/** The status each label has at `instant` according to the log, and log-order problems found. */
export function replayStatuses(leaves: readonly LeafFields[], instant: Date): { statuses: Map<string, { status: LabelStatus; expiresAt: string }>; problems: string[] } {
  const latest = new Map<string, LeafFields>();
  const problems: string[] = [];
  let latestAt = -Infinity;
  leaves.forEach((leaf, index) => {
    const at = Date.parse(leaf.at);
    if (at < latestAt - CLOCK_SKEW_TOLERANCE_MS) {
      problems.push(`leaf ${index} (${leaf.registrationNumber} ${leaf.type} at ${leaf.at}) is dated more than a minute before an earlier leaf: possibly back-dated`);
    }
    latestAt = Math.max(latestAt, at);
    if (leaf.type === 'label.issued' && latest.has(leaf.registrationNumber)) problems.push(`leaf ${index} issues ${leaf.registrationNumber} a second time`);
    if (leaf.type !== 'label.issued' && !latest.has(leaf.registrationNumber)) problems.push(`leaf ${index} changes ${leaf.registrationNumber} before it was issued`);
    latest.set(leaf.registrationNumber, leaf);
  });
  const statuses = new Map<string, { status: LabelStatus; expiresAt: string }>();
  for (const [rn, leaf] of latest) {
    const base = leaf.status === 'expired' ? 'valid' : (leaf.status as 'valid' | 'suspended' | 'revoked' | 'withdrawn');
    statuses.set(rn, { status: deriveStatus(base, new Date(leaf.expiresAt), instant), expiresAt: leaf.expiresAt });
  }
  return { statuses, problems };
}
