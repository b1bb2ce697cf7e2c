/**
 * Labels in the console: the list (the public list's query with its filters and cursor, plus the
 * PSTI listing requests awaiting a decision), one label with its status actions, the UK PSTI
 * listing decisions, and the label's audit trail. Status changes go through changeLabelStatus
 * and listing decisions through psti-listings.ts, exactly as the API's routes call them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadAuditTrail } from '../../../app/console/audit-trail.ts';
import { listPendingPstiListings, loadLabelReview, OPERATOR_LABEL_ACTIONS } from '../../../app/console/label-review.ts';
import { changeLabelStatus } from '../../../app/labels/change-label-status.ts';
import { LABEL_SORTS, listPublicLabels, type ListLabelsFilter } from '../../../app/labels/list-public-labels.ts';
import { approvePstiListing, rejectPstiListing } from '../../../app/recognition/psti-listings.ts';
import { listVendors } from '../../../app/vendors/list-vendors.ts';
import { ERROR_CATALOGUE, type FieldError } from '../../../domain/errors.ts';
import { LABEL_STATUSES } from '../../../domain/label-status.ts';
import { MESSAGES } from '../../pages/i18n/index.ts';
import { sendWorkspacePage, viewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { AuditList, AuditMain } from './audit-view.tsx';
import { formErrors, isFormError, messagesFor, queryChoice, queryInt, queryText, queryUuid, registrationNumberParam } from './console-kit.tsx';
import { LabelMain, LabelsMain, type LabelViewProps } from './labels-view.tsx';

const PAGE = 50;
const DONE = [...OPERATOR_LABEL_ACTIONS, 'approve', 'reject'] as const;

export async function labelRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const levels = ctx.catalog.jcStar.levels.map((l) => l.level);
  const path = (rn: string) => `/console/labels/${encodeURIComponent(rn)}`;

  app.get('/console/labels', { config: { permission: 'labels:manage' }, schema: { hide: true } }, async (request, reply) => {
    const query = request.query;
    const filter: ListLabelsFilter = {
      q: queryText(query, 'q'),
      status: queryChoice(query, 'status', LABEL_STATUSES),
      level: queryInt(query, 'level', 1, 4),
      vendorId: queryUuid(query, 'vendor'),
      sort: queryChoice(query, 'sort', LABEL_SORTS),
      cursor: queryText(query, 'cursor', 2000),
      limit: PAGE,
    };
    const actor = request.actor!;
    const [list, vendors, pending, view] = await Promise.all([
      listPublicLabels(ctx, filter),
      listVendors(ctx, actor),
      listPendingPstiListings(ctx, actor),
      viewContext(request, reply, deps),
    ]);
    let nextHref: string | null = null;
    if (list.nextCursor) {
      const params = new URLSearchParams();
      if (filter.q) params.set('q', filter.q);
      if (filter.status) params.set('status', filter.status);
      if (filter.level) params.set('level', String(filter.level));
      if (filter.vendorId) params.set('vendor', filter.vendorId);
      if (filter.sort) params.set('sort', filter.sort);
      params.set('cursor', list.nextCursor);
      nextHref = `/console/labels?${params}`;
    }
    return sendWorkspacePage(request, reply, deps, view, { title: messagesFor(view.lang).labels.title, area: 'console' }, LabelsMain({ view, filter, items: list.items, total: list.total, isTotalLowerBound: list.totalRelation === 'gte', nextHref, vendors, levels, pending }));
  });

  async function show(request: FastifyRequest, reply: FastifyReply, rn: string, form: Pick<LabelViewProps, 'errors' | 'failed'>, status = 200) {
    const [label, view] = await Promise.all([loadLabelReview(ctx, request.actor!, rn), viewContext(request, reply, deps)]);
    const m = messagesFor(view.lang);
    const doneKey = status === 200 ? queryChoice(request.query, 'done', DONE) : undefined;
    return sendWorkspacePage(request, reply, deps, view, { title: m.labels.title1(label.registrationNumber), area: 'console', status }, LabelMain({ view, label, done: doneKey ? m.labels.done[doneKey] ?? null : null, ...form }));
  }

  app.get('/console/labels/:registrationNumber', { config: { permission: 'labels:manage' }, schema: { hide: true } }, async (request, reply) =>
    show(request, reply, registrationNumberParam(request.params), { errors: [], failed: null }));

  /** Runs a form's use case; redirects with a confirmation, or shows the refusal beside the form. */
  async function act(request: FastifyRequest, reply: FastifyReply, form: string, done: (typeof DONE)[number], work: (rn: string) => Promise<unknown>) {
    const rn = registrationNumberParam(request.params);
    try {
      await work(rn);
    } catch (error) {
      if (!isFormError(error)) throw error;
      const { lang } = await viewContext(request, reply, deps);
      const m = messagesFor(lang);
      const statusName = (s: string) => (MESSAGES[lang].status as Record<string, string>)[s] ?? m.psti.listingStatus[s] ?? s;
      const errors: FieldError[] = formErrors(error, m, statusName);
      reply.header('x-problem-code', error.code);
      return show(request, reply, rn, { errors, failed: { form, reason: formValue(request.body, 'reason') ?? '' } }, ERROR_CATALOGUE[error.code].status);
    }
    return reply.redirect(`${path(rn)}?done=${done}`, 303);
  }

  for (const action of OPERATOR_LABEL_ACTIONS) {
    app.post(`/console/labels/:registrationNumber/${action}`, { config: { permission: 'labels:manage' }, schema: { hide: true } }, async (request, reply) =>
      act(request, reply, action, action, (rn) => changeLabelStatus(ctx, request.actor!, rn, action, formValue(request.body, 'reason') ?? '')));
  }

  app.post('/console/labels/:registrationNumber/psti-listing/approve', { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) =>
    act(request, reply, 'psti-approve', 'approve', (rn) => approvePstiListing(ctx, request.actor!, rn)));

  app.post('/console/labels/:registrationNumber/psti-listing/reject', { config: { permission: 'applications:review' }, schema: { hide: true } }, async (request, reply) =>
    act(request, reply, 'psti-reject', 'reject', (rn) => rejectPstiListing(ctx, request.actor!, rn, formValue(request.body, 'reason') ?? '')));

  app.get('/console/labels/:registrationNumber/audit', { config: { permission: 'audit:read' }, schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor!;
    const [label, view] = await Promise.all([loadLabelReview(ctx, actor, registrationNumberParam(request.params)), viewContext(request, reply, deps)]);
    const entries = await loadAuditTrail(ctx, actor, [{ type: 'label', id: label.id }, ...label.pstiListingIds.map((id) => ({ type: 'psti_listing', id }))]);
    const m = messagesFor(view.lang);
    const title = m.audit.of(m.labels.title1(label.registrationNumber));
    return sendWorkspacePage(request, reply, deps, view, { title, area: 'console' }, AuditMain({
      title,
      lede: m.audit.lede,
      back: { href: path(label.registrationNumber), text: m.audit.back },
      children: AuditList({ entries, view, expanded: true }),
    }));
  });
}
