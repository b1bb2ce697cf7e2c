/**
 * The vendor opens a ★2, ★3 or ★4 application here: product, level and, for ★3/★4, the evaluation
 * body (refused with the reason when the body is not accredited for the category and level). The
 * application's own evaluation page says which criteria apply (and that example criteria are an
 * example), which body evaluates it and how far its report is; the rest of the application
 * (model numbers, checklist, submission) is the portal's usual application pages.
 */
import type { Children } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createApplication } from '../../../app/applications/create-application.ts';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { listEvaluationBodies } from '../../../app/evaluation/evaluation-bodies.ts';
import { readEvaluationReportFile } from '../../../app/evaluation/get-evaluation.ts';
import { listProducts } from '../../../app/products/get-products.ts';
import { criteriaSummary } from '../../../catalog/criteria-summary.ts';
import { validationError, type FieldError } from '../../../domain/errors.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { sendWorkspacePage } from '../shell.tsx';
import { evaluationPage, idParam, page, type EvaluationPage } from '../evaluation/kit.tsx';
import { EvaluatedApplicationMain, NewEvaluatedApplicationMain, portalEvaluationPath, type NewForm } from '../evaluation/portal-view.tsx';
import { isEvaluationFormError, sendReportPdf, statusOf } from '../evaluation/responses.ts';

const LEVELS = ['2', '3', '4'];

export async function evaluatedApplicationRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = page('applications:write');
  const categoryName = (p: EvaluationPage) => (id: string) => ctx.catalog.jcStar.categories.find((c) => c.id === id)?.name[p.view.lang] ?? id;
  const send = (request: FastifyRequest, reply: FastifyReply, p: EvaluationPage, title: string, main: Children, status = 200) =>
    sendWorkspacePage(request, reply, deps, p.view, { title, area: 'portal', status }, main);

  async function showNew(request: FastifyRequest, reply: FastifyReply, form: NewForm, errors: FieldError[], status = 200) {
    const [products, bodies, p] = await Promise.all([listProducts(ctx, request.actor!), listEvaluationBodies(ctx), evaluationPage(request, reply, deps)]);
    const inForce = ctx.catalog.jcStar.levels.filter((l) => l.level >= 2).map((l) => ({ level: l.level, criteria: l.criteria.map((id) => criteriaSummary(ctx.catalog, id)) }));
    const main = NewEvaluatedApplicationMain({ page: p, products, bodies, inForce, categoryName: categoryName(p), form, errors });
    return send(request, reply, p, p.m.portal.newTitle, main, status);
  }

  app.get('/portal/evaluated-applications/new', write, (request, reply) =>
    showNew(request, reply, { productId: String((request.query as Record<string, unknown>).product ?? ''), level: '3', evaluationBodyId: '' }, []));

  app.post('/portal/evaluated-applications', write, async (request, reply) => {
    const form: NewForm = {
      productId: formValue(request.body, 'productId')?.trim() ?? '',
      level: formValue(request.body, 'level')?.trim() ?? '',
      evaluationBodyId: formValue(request.body, 'evaluationBodyId')?.trim() ?? '',
    };
    try {
      if (!LEVELS.includes(form.level)) throw validationError([{ pointer: '/level', detail: 'choose ★2, ★3 or ★4' }]);
      const created = await createApplication(ctx, request.actor!, {
        productId: form.productId,
        level: Number(form.level),
        route: 'standard',
        ...(form.evaluationBodyId && { evaluationBodyId: form.evaluationBodyId }),
      });
      return reply.redirect(`${portalEvaluationPath(created.id)}?done=created`, 303);
    } catch (error) {
      if (!isEvaluationFormError(error)) throw error;
      reply.header('x-problem-code', error.code);
      return showNew(request, reply, form, error.fields.length && error.code === 'VALIDATION_FAILED' ? error.fields : [{ pointer: '', detail: error.message }], statusOf(error));
    }
  });

  app.get('/portal/evaluated-applications/:id', write, async (request, reply) => {
    const [application, p] = await Promise.all([getApplication(ctx, request.actor!, idParam(request)), evaluationPage(request, reply, deps)]);
    const product = ctx.catalog.jcStar.categories.find((c) => c.id === application.criteriaDocument.category);
    const done = (request.query as Record<string, unknown>).done === 'created' ? p.m.portal.created : undefined;
    const main = EvaluatedApplicationMain({ page: p, app: application, categoryName: product?.name[p.view.lang] ?? application.criteriaDocument.category ?? '', done });
    return send(request, reply, p, p.m.portal.title(application.applicationNumber, application.level), main);
  });

  app.get('/portal/evaluated-applications/:id/report.pdf', write, async (request, reply) =>
    sendReportPdf(reply, await readEvaluationReportFile(ctx, request.actor!, idParam(request))));
}
