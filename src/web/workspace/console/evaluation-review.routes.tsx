/**
 * The operator's review of ★3/★4 applications under /console/evaluations: the list with the state
 * of each evaluation report, and one application with its report and the decisions (accept on the
 * signed-off report, return, record the payment, issue the label). Each decision is the same use
 * case as the JSON API; a refusal comes back on the page with its reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { acceptApplication, recordPayment, returnApplication } from '../../../app/applications/review-application.ts';
import { getApplicationEvaluation, listEvaluationsForReview, readEvaluationReportFile } from '../../../app/evaluation/get-evaluation.ts';
import { issueLabel } from '../../../app/labels/issue-label.ts';
import { nextApplicationStatus, type ApplicationAction } from '../../../domain/application-status.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { sendWorkspacePage } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { evaluationPage, idParam, page } from '../evaluation/kit.tsx';
import { isEvaluationFormError, sendReportPdf, statusOf } from '../evaluation/responses.ts';
import { reviewPath, ReviewListMain, ReviewMain, type ReviewAction } from '../evaluation/review-view.tsx';

const ACTIONS: Record<ReviewAction, ApplicationAction> = { accept: 'accept', return: 'return', payment: 'record_payment', issue: 'issue' };

export async function evaluationReviewRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const review = page('applications:review');

  app.get('/console/evaluations', review, async (request, reply) => {
    const [items, p] = await Promise.all([listEvaluationsForReview(ctx, request.actor!), evaluationPage(request, reply, deps)]);
    return sendWorkspacePage(request, reply, deps, p.view, { title: p.m.console.listTitle, area: 'console' }, ReviewListMain({ page: p, items }));
  });

  async function show(request: FastifyRequest, reply: FastifyReply, form: { errors: FieldError[]; values: Record<string, string> }, status = 200) {
    const id = idParam(request);
    const actor = request.actor!;
    const [ev, application, p] = await Promise.all([getApplicationEvaluation(ctx, actor, id), getApplication(ctx, actor, id), evaluationPage(request, reply, deps)]);
    const allowed = (Object.keys(ACTIONS) as ReviewAction[]).filter((a) => nextApplicationStatus(application.status, ACTIONS[a]) !== undefined);
    const isSignedOff = ev.report?.status === 'signed_off';
    const actions = allowed.filter((a) => a !== 'accept' || isSignedOff);
    const doneKey = (request.query as Record<string, unknown>).done;
    const done = status === 200 && typeof doneKey === 'string' ? p.m.console.done[doneKey] : undefined;
    const category = ctx.catalog.jcStar.categories.find((c) => c.id === ev.application.product.category)?.name[p.view.lang] ?? ev.application.product.category;
    const main = ReviewMain({ page: p, ev, app: application, actions, isWaiting: allowed.includes('accept') && !isSignedOff, categoryName: category, ...form, done });
    return sendWorkspacePage(request, reply, deps, p.view, { title: p.m.console.title(application.applicationNumber), area: 'console', status }, main);
  }

  app.get('/console/evaluations/:id', review, (request, reply) => show(request, reply, { errors: [], values: {} }));

  const decide: Record<ReviewAction, (request: FastifyRequest, id: string) => Promise<unknown>> = {
    accept: (request, id) => acceptApplication(ctx, request.actor!, id),
    return: (request, id) => returnApplication(ctx, request.actor!, id, formValue(request.body, 'comment') ?? ''),
    payment: (request, id) => recordPayment(ctx, request.actor!, id, { reference: formValue(request.body, 'reference') ?? '' }),
    issue: (request, id) => issueLabel(ctx, request.actor!, id),
  };

  for (const action of Object.keys(ACTIONS) as ReviewAction[]) {
    app.post(`/console/evaluations/:id/${action}`, review, async (request, reply) => {
      const id = idParam(request);
      try {
        await decide[action](request, id);
      } catch (error) {
        if (!isEvaluationFormError(error)) throw error;
        reply.header('x-problem-code', error.code);
        const errors = error.fields.length ? error.fields : [{ pointer: '', detail: error.message }];
        const values = { comment: formValue(request.body, 'comment') ?? '', reference: formValue(request.body, 'reference') ?? '' };
        return show(request, reply, { errors, values }, statusOf(error));
      }
      return reply.redirect(`${reviewPath(id)}?done=${action}`, 303);
    });
  }

  app.get('/console/evaluations/:id/report.pdf', review, async (request, reply) =>
    sendReportPdf(reply, await readEvaluationReportFile(ctx, request.actor!, idParam(request))));
}
