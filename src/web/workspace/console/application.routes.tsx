/**
 * One application in the console: the review page, the five decisions as form posts, and its
 * audit trail. Each decision calls the same use case as the JSON API (review-application.ts,
 * issue-label.ts) and then redirects back (post/redirect/get) with a confirmation; a refusal
 * re-renders the page with the use case's reason and the reviewer's text kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadApplicationReview, REVIEW_DECISIONS, type ReviewDecision } from '../../../app/console/application-review.ts';
import { loadAuditTrail } from '../../../app/console/audit-trail.ts';
import { acceptApplication, recordPayment, rejectApplication, returnApplication } from '../../../app/applications/review-application.ts';
import { issueLabel } from '../../../app/labels/issue-label.ts';
import { ERROR_CATALOGUE, validationError } from '../../../domain/errors.ts';
import { isValidIsoDate, startOfJstDate } from '../../../domain/time.ts';
import { sendWorkspacePage, viewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { ApplicationMain } from './application-view.tsx';
import { loadAttachmentLinks } from './attachments-view.tsx';
import { AuditList, AuditMain } from './audit-view.tsx';
import { applicationIdParam, formErrors, isFormError, messagesFor, NOT_A_DATE, queryChoice } from './console-kit.tsx';
import { DECISION_PATH, type DecisionState } from './decision-forms.tsx';

const DAY_MS = 86_400_000;

/** An optional YYYY-MM-DD form field; a malformed one is a validation error naming the field. */
function optionalDate(body: unknown, field: string, pointer: string): string | undefined {
  const value = formValue(body, field)?.trim();
  if (!value) return undefined;
  if (!isValidIsoDate(value)) throw validationError([{ pointer, detail: NOT_A_DATE }]);
  return value;
}

/** Runs one decision through its use case. `body` is the parsed form. */
const DECIDE: Record<ReviewDecision, (deps: WorkspaceDeps, request: FastifyRequest, id: string) => Promise<unknown>> = {
  accept: ({ ctx }, request, id) => acceptApplication(ctx, request.actor!, id, formValue(request.body, 'comment')),
  return: ({ ctx }, request, id) => returnApplication(ctx, request.actor!, id, formValue(request.body, 'comment') ?? ''),
  reject: ({ ctx }, request, id) => rejectApplication(ctx, request.actor!, id, formValue(request.body, 'reason') ?? ''),
  record_payment: ({ ctx }, request, id) => {
    const paidOn = optionalDate(request.body, 'paidOn', '/paidAt');
    return recordPayment(ctx, request.actor!, id, { reference: formValue(request.body, 'reference') ?? '', ...(paidOn && { paidAt: startOfJstDate(paidOn) }) });
  },
  issue: ({ ctx }, request, id) => {
    const until = optionalDate(request.body, 'validUntil', '/validUntil');
    // Valid through the chosen JST day: the label ends at its last second.
    return issueLabel(ctx, request.actor!, id, until ? { validUntil: new Date(startOfJstDate(until).getTime() + DAY_MS - 1000) } : {});
  },
};

const FIELDS = ['comment', 'reason', 'reference', 'paidOn', 'validUntil'];

export async function applicationRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;

  async function show(request: FastifyRequest, reply: FastifyReply, id: string, state: DecisionState, status = 200): Promise<FastifyReply> {
    const actor = request.actor!;
    const [review, attachments, view] = await Promise.all([
      loadApplicationReview(ctx, actor, id),
      loadAttachmentLinks(ctx, actor, id),
      viewContext(request, reply, deps),
    ]);
    const m = messagesFor(view.lang);
    const doneKey = status === 200 ? queryChoice(request.query, 'done', REVIEW_DECISIONS) : undefined;
    const app = review.application;
    const done =
      doneKey === 'accept' ? m.app.done.accept(app.acceptanceNumber ?? '', app.feeJpy !== null ? m.yen(app.feeJpy) : '')
      : doneKey === 'issue' ? m.app.done.issue(app.registrationNumber ?? '')
      : doneKey === 'record_payment' ? m.app.done.payment
      : doneKey ? m.app.done[doneKey]
      : null;
    return sendWorkspacePage(request, reply, deps, view, { title: m.app.title(app.applicationNumber), area: 'console', status }, ApplicationMain({ view, review, state, done, attachments }));
  }

  app.get('/console/applications/:id', { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) =>
    show(request, reply, applicationIdParam(request.params), { action: null, values: {}, errors: [] }));

  for (const decision of REVIEW_DECISIONS) {
    app.post(`/console/applications/:id/${DECISION_PATH[decision]}`, { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) => {
      const id = applicationIdParam(request.params);
      try {
        await DECIDE[decision](deps, request, id);
      } catch (error) {
        if (!isFormError(error)) throw error;
        const m = messagesFor((await viewContext(request, reply, deps)).lang);
        const values = Object.fromEntries(FIELDS.map((f) => [f, formValue(request.body, f) ?? '']));
        const errors = formErrors(error, m, (s) => (m.appStatus as Record<string, string>)[s] ?? s);
        reply.header('x-problem-code', error.code);
        return show(request, reply, id, { action: decision, values, errors }, ERROR_CATALOGUE[error.code].status);
      }
      return reply.redirect(`/console/applications/${id}?done=${decision}`, 303);
    });
  }

  app.get('/console/applications/:id/audit', { config: { permission: 'audit:read' }, schema: { hide: true } }, async (request, reply) => {
    const id = applicationIdParam(request.params);
    const actor = request.actor!;
    const [review, view] = await Promise.all([loadApplicationReview(ctx, actor, id), viewContext(request, reply, deps)]);
    const entries = await loadAuditTrail(ctx, actor, [{ type: 'application', id }]);
    const m = messagesFor(view.lang);
    const title = m.audit.of(m.app.title(review.application.applicationNumber));
    return sendWorkspacePage(request, reply, deps, view, { title, area: 'console' }, AuditMain({
      title,
      lede: m.audit.lede,
      back: { href: `/console/applications/${id}`, text: m.audit.back },
      children: AuditList({ entries, view, expanded: true }),
    }));
  });
}
