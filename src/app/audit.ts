/** The audit trail: every state change writes one event in the same transaction as the change. */
import type { Actor, AppContext, Trx } from './context.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(trx: Trx, ctx: AppContext, actor: Actor, at: Date, input: AuditInput): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      id: ctx.newId(),
      at: at.toISOString(),
      actor_id: actor.userId,
      actor_role: actor.role,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      before_json: input.before === undefined ? null : JSON.stringify(input.before),
      after_json: input.after === undefined ? null : JSON.stringify(input.after),
    })
    .execute();
}
