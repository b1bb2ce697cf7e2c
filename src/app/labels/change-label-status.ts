import { DomainError, validationError } from '../../domain/errors.ts';
import {
  canApplyLabelAction,
  labelStateAt,
  LABEL_ACTION_EVENT,
  type LabelAction,
  type LabelEventType,
  type LabelStatus,
} from '../../domain/label-status.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { logLabelEvent, type LogEventType } from '../transparency/log-leaf.ts';
import { inTransaction } from '../transaction.ts';
import { loadLabelHistory } from './label-history.ts';

const REASON_MAX = 2000;

/**
 * Appends one event to a label's history and refreshes the cached columns on `labels`
 * (base status, expiry). The history is the truth; the columns only serve queries.
 */
export async function appendLabelEvent(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  labelId: string,
  now: Date,
  event: { type: LabelEventType; reason: string | null; expiresAt?: Date; applicationId?: string },
): Promise<void> {
  const before = await trx.selectFrom('labels').selectAll().where('id', '=', labelId).executeTakeFirstOrThrow();
  const last = await trx.selectFrom('label_events').select('seq').where('label_id', '=', labelId).orderBy('seq', 'desc').executeTakeFirst();
  await trx
    .insertInto('label_events')
    .values({
      id: ctx.newId(),
      label_id: labelId,
      seq: (last?.seq ?? 0) + 1,
      type: event.type,
      at: now.toISOString(),
      actor_id: actor.userId,
      reason: event.reason,
      expires_at: event.expiresAt?.toISOString() ?? null,
      application_id: event.applicationId ?? null,
    })
    .execute();
  const base = { suspended: 'suspended', reinstated: 'valid', revoked: 'revoked', withdrawn: 'withdrawn' }[event.type as string];
  const set = {
    ...(base && { base_status: base }),
    ...(event.expiresAt && { expires_at: event.expiresAt.toISOString() }),
    version: before.version + 1,
    updated_at: now.toISOString(),
  };
  await trx.updateTable('labels').set(set).where('id', '=', labelId).where('version', '=', before.version).execute();
  await recordAudit(trx, ctx, actor, now, {
    action: `label.${event.type}`,
    entityType: 'label',
    entityId: labelId,
    before,
    after: { ...before, ...set, event: { type: event.type, reason: event.reason } },
  });
  await logLabelEvent(ctx, trx, labelId, `label.${event.type}` as LogEventType, now);
}

export interface LabelActionResult {
  registrationNumber: string;
  status: LabelStatus;
}

/**
 * Suspends, reinstates, revokes or withdraws a label with a public reason. Reviewers do all four;
 * a vendor admin may withdraw its own vendor's label.
 */
export async function changeLabelStatus(
  ctx: AppContext,
  actor: Actor,
  registrationNumber: string,
  action: Exclude<LabelAction, 'renew'>,
  reason: string,
): Promise<LabelActionResult> {
  requirePermission(actor, action === 'withdraw' ? 'labels:withdraw' : 'labels:manage');
  const text = reason?.trim() ?? '';
  if (!text || text.length > REASON_MAX) throw validationError([{ pointer: '/reason', detail: `a public reason of 1 to ${REASON_MAX} characters is required` }]);
  return inTransaction(ctx, async (trx) => {
    const rn = canonicalRegistrationNumber(registrationNumber);
    // Row lock first (no-op update), so two reviewers acting at once are serialised.
    await trx.updateTable('labels').set((eb) => ({ version: eb('version', '+', 0) })).where('registration_number', '=', rn).execute();
    const label = await trx.selectFrom('labels').select(['id', 'vendor_id']).where('registration_number', '=', rn).executeTakeFirst();
    if (!label) throw new DomainError('NOT_FOUND', 'No such label');
    requireVendorScope(actor, label.vendor_id, 'label');
    const now = ctx.clock.now();
    const state = labelStateAt(await loadLabelHistory(trx, label.id), now)!;
    if (!canApplyLabelAction(action, state.status)) {
      throw new DomainError('LABEL_STATE_CONFLICT', `Cannot ${action} a label that is ${state.status}`, [], { currentStatus: state.status });
    }
    const type = LABEL_ACTION_EVENT[action];
    await appendLabelEvent(ctx, trx, actor, label.id, now, { type, reason: text });
    const after = labelStateAt(await loadLabelHistory(trx, label.id), now)!;
    return { registrationNumber: rn, status: after.status };
  });
}
