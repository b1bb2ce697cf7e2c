/**
 * Applications in the portal: the list, opening a ★1 application (product and route), the
 * overview a vendor follows it on, submission and withdrawal. The same use cases as
 * /api/v1/applications; the forms add nothing but parsing and re-showing input with its errors.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applicationCompleteness } from '../../../app/applications/application-completeness.ts';
import { createApplication } from '../../../app/applications/create-application.ts';
import { getApplication, listApplications } from '../../../app/applications/get-applications.ts';
import { withdrawApplication } from '../../../app/applications/review-application.ts';
import { submitApplication } from '../../../app/applications/submit-application.ts';
import { listApplicationAttachments } from '../../../app/attachments/list-attachments.ts';
import { getProduct, listProducts } from '../../../app/products/get-products.ts';
import { requirementsToAnswer } from '../../../domain/checklist.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { Prose } from '../../schemas.ts';
import type { WorkspaceDeps } from '../workspace.ts';
import { schemaErrors } from './form-check.ts';
import { applicationPath, isEditable } from './application-steps.ts';
import { ApplicationMain, type OverviewData } from './application-view.tsx';
import { ApplicationsMain, NewApplicationMain } from './applications-view.tsx';
import { actorOf, doneKey, errorsOf, field, hidden, idParam, isFormError, portalPage, sendPortal, statusOf } from './kit.tsx';

/** The API's withdraw body. */
const WithdrawBody = Type.Object({ reason: Prose(2000) });

export async function applicationRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'applications:write' as const } };

  app.get('/portal/applications', write, async (request, reply) => {
    const actor = actorOf(request);
    const [items, products, page] = await Promise.all([listApplications(ctx, actor, { limit: 500 }), listProducts(ctx, actor), portalPage(request, reply, deps)]);
    return sendPortal(request, reply, deps, page, page.m.applications.title, ApplicationsMain({ page, items, products: new Map(products.map((p) => [p.id, p])) }));
  });

  const showNew = async (request: FastifyRequest, reply: FastifyReply, form: { productId: string; route: string }, errors: FieldError[], status = 200) => {
    const [products, page] = await Promise.all([listProducts(ctx, actorOf(request)), portalPage(request, reply, deps)]);
    return sendPortal(request, reply, deps, page, page.m.applications.newTitle, NewApplicationMain({ page, products, form, errors }), status);
  };

  app.get('/portal/applications/new', write, async (request, reply) => {
    const productId = String((request.query as Record<string, unknown>).product ?? '');
    return showNew(request, reply, { productId, route: 'standard' }, []);
  });

  app.post('/portal/applications', write, async (request, reply) => {
    const form = { productId: field(request.body, 'productId'), route: field(request.body, 'route') === 'psti' ? 'psti' : 'standard' };
    try {
      const created = await createApplication(ctx, actorOf(request), { productId: form.productId, level: 1, route: form.route as 'standard' | 'psti' });
      return reply.redirect(applicationPath(created.id, 'model-numbers'), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return showNew(request, reply, form, errorsOf(error), statusOf(error));
    }
  });

  const showOverview = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[], status = 200) => {
    const actor = actorOf(request);
    const id = idParam(request);
    const application = await getApplication(ctx, actor, id);
    const [product, attachments, problems, page] = await Promise.all([
      getProduct(ctx, actor, application.productId),
      listApplicationAttachments(ctx, actor, id),
      isEditable(application) ? applicationCompleteness(ctx, actor, id) : null,
      portalPage(request, reply, deps),
    ]);
    const criteria = ctx.catalog.criteria.get(application.criteria)!;
    const items = requirementsToAnswer(criteria.requirements, application.recognisedRequirements.map((r) => r.requirementId)).flatMap((r) => r.items);
    const data: OverviewData = { app: application, product, attachments, problems, checklist: { answered: application.checklist.length, total: items.length } };
    const done = { submitted: page.m.app.submitted, withdrawn: page.m.app.withdrawn, renewal: page.m.labels.renewalOpened }[doneKey(request) ?? ''];
    return sendPortal(request, reply, deps, page, page.m.app.title(application.applicationNumber), ApplicationMain({ page, data, errors, done }), status);
  };

  app.get('/portal/applications/:id', write, (request, reply) => showOverview(request, reply, []));

  app.post('/portal/applications/:id/submit', write, async (request, reply) => {
    try {
      await submitApplication(ctx, actorOf(request), idParam(request));
      return reply.redirect(`${applicationPath(idParam(request))}?done=submitted`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return showOverview(request, reply, errorsOf(error), statusOf(error));
    }
  });

  app.post('/portal/applications/:id/withdraw', { ...hidden, config: { permission: 'applications:withdraw' } }, async (request, reply) => {
    const reason = field(request.body, 'reason');
    const invalid = schemaErrors(WithdrawBody, { reason });
    if (invalid.length) return showOverview(request, reply, invalid, 400);
    try {
      await withdrawApplication(ctx, actorOf(request), idParam(request), reason || undefined);
      return reply.redirect(`${applicationPath(idParam(request))}?done=withdrawn`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return showOverview(request, reply, errorsOf(error), statusOf(error));
    }
  });
}
