/** GET /console: the review queue, the console's home page. Filters are read leniently. */
import type { FastifyInstance } from 'fastify';
import { listReviewQueue, QUEUE_TABS, WAITING_STATUSES, type QueueFilter, type QueueTab } from '../../../app/console/review-queue.ts';
import { listVendors } from '../../../app/vendors/list-vendors.ts';
import { APPLICATION_ROUTES } from '../../../domain/application-status.ts';
import { sendWorkspacePage, viewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { messagesFor, queryChoice, queryInt, queryUuid } from './console-kit.tsx';
import { QueueMain } from './queue-view.tsx';

export async function queueRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const levels = ctx.catalog.jcStar.levels.map((l) => l.level);

  app.get('/console', { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) => {
    const query = request.query;
    const filter: QueueFilter = {
      tab: queryChoice(query, 'tab', Object.keys(QUEUE_TABS) as QueueTab[]) ?? 'review',
      status: queryChoice(query, 'status', WAITING_STATUSES),
      level: queryInt(query, 'level', 1, 4),
      route: queryChoice(query, 'route', APPLICATION_ROUTES),
      vendorId: queryUuid(query, 'vendor'),
      page: queryInt(query, 'page', 1, 100_000),
    };
    const actor = request.actor!;
    const [queue, vendors, view] = await Promise.all([listReviewQueue(ctx, actor, filter), listVendors(ctx, actor), viewContext(request, reply, deps)]);
    return sendWorkspacePage(request, reply, deps, view, { title: messagesFor(view.lang).queue.title, area: 'console' }, QueueMain({ view, queue, filter, vendors, levels }));
  });
}
