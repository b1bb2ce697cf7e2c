/** The portal's home page (/portal): what needs the vendor's attention now. */
import type { FastifyInstance } from 'fastify';
import { listApplications } from '../../../app/applications/get-applications.ts';
import { listVendorLabels } from '../../../app/applications/label-renewals.ts';
import { listProducts } from '../../../app/products/get-products.ts';
import { getVendor } from '../../../app/vendors/list-vendors.ts';
import type { WorkspaceDeps } from '../workspace.ts';
import { HomeMain } from './home-view.tsx';
import { actorOf, hidden, portalPage, sendPortal } from './kit.tsx';

/** Labels expiring within this many days are listed (the renewal window's default length). */
const EXPIRING_DAYS = 90;
const CLOSED = new Set(['issued', 'rejected', 'withdrawn']);

export async function homeRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  app.get('/portal', { ...hidden, config: { permission: 'applications:write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const [vendor, applications, labels, products, page] = await Promise.all([
      getVendor(ctx, actor, actor.vendorId ?? ''),
      listApplications(ctx, actor, { limit: 500 }),
      listVendorLabels(ctx, actor),
      listProducts(ctx, actor),
      portalPage(request, reply, deps),
    ]);
    const horizon = ctx.clock.now().getTime() + EXPIRING_DAYS * 86_400_000;
    return sendPortal(request, reply, deps, page, page.m.home.title, HomeMain({
      page,
      data: {
        vendorName: vendor.name[page.view.lang],
        products,
        open: applications.filter((a) => !CLOSED.has(a.status)),
        validLabels: labels.filter((l) => l.status === 'valid').length,
        expiring: labels.filter((l) => l.status === 'valid' && Date.parse(l.expiresAt) <= horizon),
      },
    }));
  });
}
