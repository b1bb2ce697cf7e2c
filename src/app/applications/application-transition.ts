/**
 * The one place an application changes state: lock the row, check scope and the state machine,
 * update, append an application event and an audit event, all in one transaction.
 */
import { nextApplicationStatus, type ApplicationAction, type ApplicationStatus } from '../../domain/application-status.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Permission } from '../../domain/roles.ts';
import type { ApplicationRow, ApplicationsTable } from '../../store/schema.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { loadApplicationView, type ApplicationView } from './application-view.ts';

/** Locks and loads an application (the no-op update takes the row lock on PostgreSQL). */
export async function lockApplication(trx: Trx, actor: Actor, id: string): Promise<ApplicationRow> {
  await trx.updateTable('applications').set((eb) => ({ version: eb('version', '+', 0) })).where('id', '=', id).execute();
  const row = await trx.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such application');
  requireVendorScope(actor, row.vendor_id, 'application');
  return row;
}

export interface TransitionSpec {
  action: ApplicationAction;
  permission: Permission;
  /** Public event name, e.g. application.accepted. */
  event: string;
  comment?: string | null;
  /** Checks and extra column changes, run after the state check, inside the transaction. */
  apply?: (trx: Trx, row: ApplicationRow, now: Date) => Promise<Partial<ApplicationsTable>>;
}

export async function transitionApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  spec: TransitionSpec,
): Promise<ApplicationView> {
  requirePermission(actor, spec.permission);
  return inTransaction(ctx, async (trx) => {
    const before = await lockApplication(trx, actor, id);
    const next = nextApplicationStatus(before.status as ApplicationStatus, spec.action);
    if (!next) {
      throw new DomainError(
        'APPLICATION_STATE_CONFLICT',
        `Cannot ${spec.action.replace('_', ' ')} an application that is ${before.status}`,
        [],
        { currentStatus: before.status },
      );
    }
    const now = ctx.clock.now();
    const extra = spec.apply ? await spec.apply(trx, before, now) : {};
    await trx
      .updateTable('applications')
      .set({ ...extra, status: next, updated_at: now.toISOString(), version: before.version + 1 })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('application_events')
      .values({ id: ctx.newId(), application_id: id, type: next, at: now.toISOString(), actor_id: actor.userId, comment: spec.comment ?? null })
      .execute();
    const after = await trx.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, actor, now, { action: spec.event, entityType: 'application', entityId: id, before, after });
    return loadApplicationView(ctx, trx, after);
  });
}
