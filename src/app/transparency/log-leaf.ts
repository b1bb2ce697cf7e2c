/**
 * What goes into the transparency log: one leaf per public label event, as RFC 8785 canonical
 * JSON. A leaf carries only public identifiers, the status and dates, and the SHA-256 of the full
 * public record at that instant; never user ids, names of people or e-mail addresses.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { AppContext, Trx } from '../context.ts';
import { loadPublicLabel } from '../labels/public-label.ts';
import { bumpPublicVersion } from '../public-version.ts';
import { recordNotificationEvent, type SubscribableEventType } from '../security-info/notification-events.ts';
import { appendLeaves } from './log-store.ts';

export const LOG_EVENT_TYPES = [
  'label.issued',
  'label.renewed',
  'label.suspended',
  'label.reinstated',
  'label.revoked',
  'label.withdrawn',
  'label.support_period_changed',
  /** An advisory, update or vulnerability status changed the label's public security information. */
  'label.security_info_changed',
] as const;
export type LogEventType = (typeof LOG_EVENT_TYPES)[number];

/** The leaf's fields (version 1). Verifiers replay statuses from these. */
export interface LogLeaf {
  v: 1;
  type: LogEventType;
  at: string;
  registrationNumber: string;
  level: number;
  status: string;
  issuedAt: string;
  expiresAt: string;
  criteria: string;
  supportEndsOn: string | null;
  /** SHA-256 (hex) of the canonical JSON of the public label record at `at`. */
  recordSha256: string;
}

// The package is CommonJS with an ESM-style .d.ts: at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

/** Label events subscribers can choose; the rest of the log types are announced elsewhere or not at all. */
const NOTIFIED: ReadonlySet<LogEventType> = new Set(['label.issued', 'label.renewed', 'label.suspended', 'label.reinstated', 'label.revoked', 'label.withdrawn']);

/** Builds the leaf for an event that has just been written in `trx`, and appends it to the log. */
export async function logLabelEvent(ctx: AppContext, trx: Trx, labelId: string, type: LogEventType, at: Date): Promise<number> {
  const label = await trx.selectFrom('labels').select(['registration_number', 'product_id']).where('id', '=', labelId).executeTakeFirstOrThrow();
  const record = await loadPublicLabel(ctx, trx, label.registration_number, at);
  const leaf: LogLeaf = {
    v: 1,
    type,
    at: at.toISOString(),
    registrationNumber: record.registrationNumber,
    level: record.level,
    status: record.status,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    criteria: record.criteria.id,
    supportEndsOn: record.security.supportEndsOn,
    recordSha256: createHash('sha256').update(canonicalJson(record)).digest('hex'),
  };
  await bumpPublicVersion(ctx, trx);
  if (NOTIFIED.has(type)) {
    const last = record.history.at(-1);
    await recordNotificationEvent(ctx, trx, {
      type: type as SubscribableEventType,
      at,
      vendorId: record.vendor.id,
      productId: label.product_id,
      labelId,
      data: {
        registrationNumber: record.registrationNumber,
        level: record.level,
        status: record.status,
        issuedAt: record.issuedAt,
        expiresAt: record.expiresAt,
        reason: last?.reason ?? null,
        product: { name: record.product.name, category: record.product.category },
        vendor: { id: record.vendor.id, name: record.vendor.name },
        url: record.url,
      },
    });
  }
  return appendLeaves(trx, [{ labelId, type, at: leaf.at, leaf: canonicalJson(leaf) }]);
}
