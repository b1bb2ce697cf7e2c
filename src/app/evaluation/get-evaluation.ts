/**
 * Reading evaluations. The body lists and opens only the applications assigned to it; the operator
 * and the vendor concerned read the evaluation of an application (the vendor only its own). The
 * report PDF is served to the same people, never to the public.
 */
import { criteriaSummary, type CriteriaSummary } from '../../catalog/criteria-summary.ts';
import { DomainError } from '../../domain/errors.ts';
import { isEvaluatorRole } from '../../domain/roles.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { assignedApplication, isAssignedTo } from './evaluation-scope.ts';
import { loadEvaluationView, type EvaluationView } from './evaluation-view.ts';
import { currentReport, isThirdPartyLevel } from './reports.ts';

export interface AssignedApplicationSummary {
  id: string;
  applicationNumber: string;
  status: string;
  level: number;
  criteria: CriteriaSummary;
  vendorName: { ja: string; en: string };
  productName: { ja: string; en: string };
  submittedAt: string | null;
  /** not_started, open or signed_off: the report for the current submission. */
  reportStatus: string;
  updatedAt: string;
}

/** The applications assigned to the evaluator's body (submitted at least once), newest first. */
export async function listAssignedApplications(ctx: AppContext, actor: Actor): Promise<AssignedApplicationSummary[]> {
  requirePermission(actor, 'evaluation:read');
  if (!actor.evaluationBodyId) return [];
  const rows = await ctx.db
    .selectFrom('applications')
    .innerJoin('products', 'products.id', 'applications.product_id')
    .innerJoin('vendors', 'vendors.id', 'applications.vendor_id')
    .selectAll('applications')
    .select(['products.name_ja as product_ja', 'products.name_en as product_en', 'vendors.name_ja as vendor_ja', 'vendors.name_en as vendor_en'])
    .where('applications.evaluation_body_id', '=', actor.evaluationBodyId)
    .where('applications.submitted_at', 'is not', null)
    .orderBy('applications.updated_at', 'desc')
    .orderBy('applications.id', 'desc')
    .limit(500)
    .execute();
  return Promise.all(
    rows.filter((r) => isAssignedTo(actor, r)).map((r) => summaryOf(ctx, r)),
  );
}

/** The list row both the evaluator's and the operator's lists show. */
async function summaryOf(
  ctx: AppContext,
  r: { id: string; application_number: string; status: string; level: number; criteria_id: string; vendor_ja: string; vendor_en: string; product_ja: string; product_en: string; submitted_at: string | null; updated_at: string },
): Promise<AssignedApplicationSummary> {
  return {
    id: r.id,
    applicationNumber: r.application_number,
    status: r.status,
    level: r.level,
    criteria: criteriaSummary(ctx.catalog, r.criteria_id),
    vendorName: { ja: r.vendor_ja, en: r.vendor_en },
    productName: { ja: r.product_ja, en: r.product_en },
    submittedAt: r.submitted_at,
    reportStatus: (await currentReport(ctx.db, r.id))?.status ?? 'not_started',
    updatedAt: r.updated_at,
  };
}

export interface ReviewSummary extends AssignedApplicationSummary {
  evaluationBody: { id: string; name: { ja: string; en: string } } | null;
}

/**
 * The operator's list of ★3/★4 applications past the draft (newest change first), with the body
 * and the state of the report on the current submission.
 */
export async function listEvaluationsForReview(ctx: AppContext, actor: Actor, filter: { limit?: number } = {}): Promise<ReviewSummary[]> {
  requirePermission(actor, 'applications:review');
  const levels = ctx.catalog.jcStar.levels.filter((l) => l.assessment === 'third-party').map((l) => l.level);
  if (!levels.length) return [];
  const rows = await ctx.db
    .selectFrom('applications')
    .innerJoin('products', 'products.id', 'applications.product_id')
    .innerJoin('vendors', 'vendors.id', 'applications.vendor_id')
    .leftJoin('evaluation_bodies', 'evaluation_bodies.id', 'applications.evaluation_body_id')
    .selectAll('applications')
    .select(['products.name_ja as product_ja', 'products.name_en as product_en', 'vendors.name_ja as vendor_ja', 'vendors.name_en as vendor_en',
      'evaluation_bodies.name_ja as body_ja', 'evaluation_bodies.name_en as body_en'])
    .where('applications.level', 'in', levels)
    .where('applications.submitted_at', 'is not', null)
    .orderBy('applications.updated_at', 'desc')
    .orderBy('applications.id', 'desc')
    .limit(Math.min(filter.limit ?? 200, 500))
    .execute();
  return Promise.all(rows.map(async (r) => ({
    ...(await summaryOf(ctx, r)),
    evaluationBody: r.evaluation_body_id ? { id: r.evaluation_body_id, name: { ja: r.body_ja ?? '', en: r.body_en ?? '' } } : null,
  })));
}

/** One application assigned to the evaluator's body, with the current report (NOT_FOUND otherwise). */
export async function getAssignedEvaluation(ctx: AppContext, actor: Actor, applicationId: string): Promise<EvaluationView> {
  requirePermission(actor, 'evaluation:read');
  return loadEvaluationView(ctx, ctx.db, await assignedApplication(ctx.db, actor, applicationId));
}

/** The evaluation of a ★3/★4 application for the operator or its vendor (NOT_FOUND for other levels). */
export async function getApplicationEvaluation(ctx: AppContext, actor: Actor, applicationId: string): Promise<EvaluationView> {
  requirePermission(actor, 'applications:read');
  const row = await ctx.db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such application');
  requireVendorScope(actor, row.vendor_id, 'application');
  if (!isThirdPartyLevel(ctx, row.level)) throw new DomainError('NOT_FOUND', 'This application is self-declared and has no evaluation');
  return loadEvaluationView(ctx, ctx.db, row);
}

/**
 * The current report's PDF: for the assigned body (evaluation:read), or the operator and the
 * vendor concerned (applications:read). NOT_FOUND when none was uploaded.
 */
export async function readEvaluationReportFile(ctx: AppContext, actor: Actor, applicationId: string): Promise<{ fileName: string; sha256: string; content: Buffer }> {
  let app;
  if (actor.role !== 'system' && isEvaluatorRole(actor.role)) {
    requirePermission(actor, 'evaluation:read');
    app = await assignedApplication(ctx.db, actor, applicationId);
  } else {
    requirePermission(actor, 'applications:read');
    app = await ctx.db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
    if (!app) throw new DomainError('NOT_FOUND', 'No such application');
    requireVendorScope(actor, app.vendor_id, 'application');
  }
  const report = await currentReport(ctx.db, app.id);
  const file = report && (await ctx.db.selectFrom('evaluation_report_files').selectAll().where('report_id', '=', report.id).executeTakeFirst());
  if (!file) throw new DomainError('NOT_FOUND', 'No report PDF has been uploaded');
  return { fileName: file.file_name, sha256: file.sha256, content: Buffer.from(file.content) };
}
