/** The full picture of one application, as its vendor and the reviewers see it. */
import type { ChecklistAnswer } from '../../domain/checklist.ts';
import type { ApplicationStatus } from '../../domain/application-status.ts';
import type { Db } from '../../store/database.ts';
import type { ApplicationRow } from '../../store/schema.ts';
import type { AppContext, Trx } from '../context.ts';
import { loadPstiStatement, recognisedRequirementsOf, type PstiStatementView, type RecognisedRequirement } from '../recognition/psti-route.ts';
import { criteriaSummary, type CriteriaSummary } from '../../catalog/criteria-summary.ts';
import { loadEvaluationSummary, type EvaluationSummary } from '../evaluation/evaluation-summary.ts';

export interface ApplicationView {
  id: string;
  applicationNumber: string;
  acceptanceNumber: string | null;
  registrationNumber: string | null;
  vendorId: string;
  productId: string;
  level: number;
  route: string;
  renewsRegistrationNumber: string | null;
  criteria: string;
  /** The criteria document's version, title and category, and whether it is only an example. */
  criteriaDocument: CriteriaSummary;
  /** ★3/★4: the evaluation body named and the state of its report on the current submission. */
  evaluation: EvaluationSummary | null;
  status: ApplicationStatus;
  feeJpy: number | null;
  feePaidAt: string | null;
  paymentReference: string | null;
  modelNumbers: string[];
  checklist: Array<Required<ChecklistAnswer> & { evidence: string | null; reason: string | null }>;
  /** Requirements not self-assessed on this route (PSTI: recognised via UK PSTI), with the rule. */
  recognisedRequirements: RecognisedRequirement[];
  /** The UK PSTI statement of compliance (route `psti` only). */
  pstiStatement: PstiStatementView | null;
  events: Array<{ type: string; at: string; actorId: string | null; comment: string | null }>;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  version: number;
}

/** An applications row; `evaluation_body_id` may be left out of rows built in code (null then). */
export type ApplicationRowInput = Omit<ApplicationRow, 'evaluation_body_id'> & { evaluation_body_id?: string | null };

export async function loadApplicationView(ctx: AppContext, db: Db | Trx, row: ApplicationRowInput): Promise<ApplicationView> {
  const [models, answers, events, label, renews, pstiStatement, evaluation] = await Promise.all([
    db.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('checklist_answers').selectAll().where('application_id', '=', row.id).orderBy('item_id').execute(),
    db.selectFrom('application_events').selectAll().where('application_id', '=', row.id).orderBy('at').orderBy('id').execute(),
    row.label_id ? db.selectFrom('labels').select('registration_number').where('id', '=', row.label_id).executeTakeFirst() : undefined,
    row.renews_label_id ? db.selectFrom('labels').select('registration_number').where('id', '=', row.renews_label_id).executeTakeFirst() : undefined,
    row.route === 'psti' ? loadPstiStatement(db, row.id) : null,
    loadEvaluationSummary(ctx, db, { ...row, evaluation_body_id: row.evaluation_body_id ?? null }),
  ]);
  return {
    id: row.id,
    applicationNumber: row.application_number,
    acceptanceNumber: row.acceptance_number,
    registrationNumber: label?.registration_number ?? null,
    vendorId: row.vendor_id,
    productId: row.product_id,
    level: row.level,
    route: row.route,
    renewsRegistrationNumber: renews?.registration_number ?? null,
    criteria: row.criteria_id,
    criteriaDocument: criteriaSummary(ctx.catalog, row.criteria_id),
    evaluation,
    status: row.status as ApplicationStatus,
    feeJpy: row.fee_jpy,
    feePaidAt: row.fee_paid_at,
    paymentReference: row.payment_reference,
    modelNumbers: models.map((m) => m.model_number),
    checklist: answers.map((a) => ({
      itemId: a.item_id,
      answer: a.answer as ChecklistAnswer['answer'],
      evidence: a.evidence,
      reason: a.reason,
    })),
    recognisedRequirements: recognisedRequirementsOf(ctx, row),
    pstiStatement,
    events: events.map((e) => ({ type: e.type, at: e.at, actorId: e.actor_id, comment: e.comment })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    version: row.version,
  };
}
