/**
 * Everything a reviewer reads before deciding on one application, in one read model: the
 * application (through the same getApplication the API serves), its vendor and product, the
 * checklist laid out in criteria order with every answer, what changed since the previous
 * submission, the label it renews, the fee acceptance would fix, and which decisions the state
 * machine allows now. Names of the people in its history are resolved here, not in the view.
 */
import { nextApplicationStatus, type ApplicationAction, type ApplicationStatus } from '../../domain/application-status.ts';
import { feeFor } from '../../domain/fees.ts';
import { labelStateAt, type LabelStatus } from '../../domain/label-status.ts';
import { jstDate } from '../../domain/time.ts';
import type { LocalizedText } from '../../catalog/catalog.schema.ts';
import { getApplication } from '../applications/get-applications.ts';
import type { ApplicationView } from '../applications/application-view.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { loadLabelHistory } from '../labels/label-history.ts';
import { getProduct } from '../products/get-products.ts';
import type { ProductView } from '../products/product-view.ts';
import { getVendor } from '../vendors/list-vendors.ts';
import type { VendorView } from '../vendors/vendor-view.ts';
import { loadSubmissionChanges, type SubmissionChanges } from './submission-changes.ts';
import { ageInDays } from './waiting-age.ts';

/** The reviewer's decisions, in the order the page offers them: forward first, rejection last. */
export const REVIEW_DECISIONS = ['accept', 'record_payment', 'issue', 'return', 'reject'] as const satisfies readonly ApplicationAction[];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ChecklistRow {
  itemId: string;
  text: LocalizedText;
  alternativeGroup: string | null;
  answer: ApplicationView['checklist'][number] | null;
}

export interface RequirementRows {
  id: string;
  title: LocalizedText;
  /** Set when the route recognises the requirement (not self-assessed), with the rule id. */
  recognisedBy: string | null;
  items: ChecklistRow[];
}

export interface LabelSummary {
  registrationNumber: string;
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
  modelNumbers: string[];
}

export interface ApplicationReview {
  application: ApplicationView;
  vendor: VendorView;
  product: ProductView;
  criteriaTitle: LocalizedText | null;
  requirements: RequirementRows[];
  changes: SubmissionChanges;
  /** The label this renewal extends. */
  renews: LabelSummary | null;
  /** The label issued from this application. */
  label: LabelSummary | null;
  /** The fee acceptance would fix (while a decision is pending). */
  feePreviewJpy: number | null;
  decisions: ReviewDecision[];
  /** ★1/★2 are self-declared; ★3/★4 are decided on an evaluation body's report. */
  assessment: 'self-declaration' | 'third-party';
  waitingSince: string;
  ageDays: number;
  /** Display names of the users in the application's history, by id. */
  people: Record<string, string>;
}

async function labelSummary(ctx: AppContext, registrationNumber: string | null): Promise<LabelSummary | null> {
  if (!registrationNumber) return null;
  const label = await ctx.db.selectFrom('labels').select(['id', 'registration_number']).where('registration_number', '=', registrationNumber).executeTakeFirst();
  if (!label) return null;
  const [history, models] = await Promise.all([
    loadLabelHistory(ctx.db, label.id),
    ctx.db.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', label.id).orderBy('position').execute(),
  ]);
  const state = labelStateAt(history, ctx.clock.now());
  if (!state) return null;
  return {
    registrationNumber: label.registration_number,
    status: state.status,
    issuedAt: state.issuedAt.toISOString(),
    expiresAt: state.expiresAt.toISOString(),
    modelNumbers: models.map((m) => m.model_number),
  };
}

export async function loadApplicationReview(ctx: AppContext, actor: Actor, id: string): Promise<ApplicationReview> {
  requirePermission(actor, 'applications:review');
  const application = await getApplication(ctx, actor, id);
  const [vendor, product, changes, renews, label] = await Promise.all([
    getVendor(ctx, actor, application.vendorId),
    getProduct(ctx, actor, application.productId),
    loadSubmissionChanges(ctx.db, id),
    labelSummary(ctx, application.renewsRegistrationNumber),
    labelSummary(ctx, application.registrationNumber),
  ]);
  const criteria = ctx.catalog.criteria.get(application.criteria);
  const recognised = new Map(application.recognisedRequirements.map((r) => [r.requirementId, r.ruleId]));
  const answers = new Map(application.checklist.map((a) => [a.itemId, a]));
  const requirements = (criteria?.requirements ?? []).map((r) => ({
    id: r.id,
    title: r.title,
    recognisedBy: recognised.get(r.id) ?? null,
    items: r.items.map((i) => ({ itemId: i.id, text: i.text, alternativeGroup: i.alternativeGroup ?? null, answer: answers.get(i.id) ?? null })),
  }));

  const status = application.status as ApplicationStatus;
  const decisions = REVIEW_DECISIONS.filter((d) => nextApplicationStatus(status, d) !== undefined);
  const pending = decisions.includes('accept');
  const fee = pending ? feeFor(ctx.catalog.jcStar.fees, application.level, application.route, jstDate(new Date(application.submittedAt ?? ctx.clock.now()))) : undefined;
  const lastEvent = [...application.events].reverse().find((e) => e.type === status);
  const waitingSince = lastEvent?.at ?? application.updatedAt;

  const ids = [...new Set(application.events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const people = ids.length ? await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  return {
    application,
    vendor,
    product,
    criteriaTitle: criteria?.title ?? null,
    requirements,
    changes,
    renews,
    label,
    feePreviewJpy: fee?.amountJpy ?? null,
    decisions,
    assessment: ctx.catalog.level(application.level)?.assessment ?? 'self-declaration',
    waitingSince,
    ageDays: ageInDays(waitingSince, ctx.clock.now()),
    people: Object.fromEntries(people.map((p) => [p.id, p.display_name])),
  };
}
