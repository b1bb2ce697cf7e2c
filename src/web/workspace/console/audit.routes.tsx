/**
 * GET /console/audit: the newest audit events of the whole registry, optionally of one kind of
 * subject, each linked to its console page where it has one (applications, labels).
 */
import type { FastifyInstance } from 'fastify';
import { loadRecentAudit, type AuditEntry } from '../../../app/console/audit-trail.ts';
import { sendWorkspacePage, viewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { AuditList, AuditMain } from './audit-view.tsx';
import { messagesFor, queryChoice } from './console-kit.tsx';
import { CONSOLE_MESSAGES } from './messages.ts';

/** How many events the page shows: enough for a day's work, light enough for a phone. */
const RECENT = 50;
const ENTITY_TYPES = Object.keys(CONSOLE_MESSAGES.ja.audit.entityTypes);

export async function auditRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;

  app.get('/console/audit', { config: { permission: 'audit:read' }, schema: { hide: true } }, async (request, reply) => {
    const entityType = queryChoice(request.query, 'type', ENTITY_TYPES);
    const [entries, view] = await Promise.all([loadRecentAudit(ctx, request.actor!, { entityType, limit: RECENT }), viewContext(request, reply, deps)]);
    const m = messagesFor(view.lang);
    // Labels are addressed by registration number: look them up for the links.
    const labelIds = [...new Set(entries.filter((e) => e.entityType === 'label').map((e) => e.entityId))];
    const labels = labelIds.length ? await ctx.db.selectFrom('labels').select(['id', 'registration_number']).where('id', 'in', labelIds).execute() : [];
    const rnOf = new Map(labels.map((l) => [l.id, l.registration_number]));
    const link = (e: AuditEntry) =>
      e.entityType === 'application' ? { href: `/console/applications/${e.entityId}`, text: `${m.audit.entityTypes.application} ${e.entityId}` }
      : e.entityType === 'label' && rnOf.has(e.entityId) ? { href: `/console/labels/${encodeURIComponent(rnOf.get(e.entityId)!)}`, text: `${m.audit.entityTypes.label} ${rnOf.get(e.entityId)}` }
      : null;
    const filter = (
      <form class="form console-filters" method="get" action="/console/audit">
        <label class="form__field">
          <span safe>{m.audit.entityType}</span>
          <select name="type">
            <option value="" safe>{m.audit.anyEntity}</option>
            {ENTITY_TYPES.map((t) => <option value={t} selected={t === entityType} safe>{m.audit.entityTypes[t] ?? t}</option>)}
          </select>
        </label>
        <div class="console-filters__actions">
          <button class="button button--primary" type="submit" safe>{m.queue.apply}</button>
        </div>
      </form>
    );
    return sendWorkspacePage(request, reply, deps, view, { title: m.audit.title, area: 'console' }, AuditMain({
      title: m.audit.title,
      lede: m.audit.lede,
      back: null,
      children: [filter, AuditList({ entries, view, link })],
    }));
  });
}
