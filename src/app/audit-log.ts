import { requirePermission, type Actor, type AppContext } from './context.ts';

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The audit trail of one entity (or the newest events), for reviewers and operator admins. */
export async function listAuditEvents(
  ctx: AppContext,
  actor: Actor,
  filter: { entityType?: string; entityId?: string; limit?: number },
): Promise<AuditEventView[]> {
  requirePermission(actor, 'audit:read');
  let query = ctx.db.selectFrom('audit_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  return (await query.execute()).map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
  }));
}
