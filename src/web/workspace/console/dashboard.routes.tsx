/** GET /console/dashboard: the operator's figures as server-drawn charts with their tables. */
import type { FastifyInstance } from 'fastify';
import { getDashboard } from '../../../app/console/dashboard.ts';
import { sendWorkspacePage, viewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { messagesFor } from './console-kit.tsx';
import { DashboardMain } from './dashboard-view.tsx';

export async function dashboardRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  app.get('/console/dashboard', { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) => {
    const [dashboard, view] = await Promise.all([getDashboard(deps.ctx, request.actor!), viewContext(request, reply, deps)]);
    return sendWorkspacePage(request, reply, deps, view, { title: messagesFor(view.lang).dashboard.title, area: 'console' }, DashboardMain({ view, dashboard }));
  });
}
