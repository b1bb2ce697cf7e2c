/**
 * The evaluation of one ★3/★4 application as its evaluation body, the operator and the vendor see
 * it: the application and product, the vendor's checklist (its implementation conformance
 * statement), the test units of the criteria, and the current report with its verdicts. Never
 * the report's bytes: those are read separately.
 */
import { criteriaSummary, type CriteriaSummary } from '../../catalog/criteria-summary.ts';
import type { Verdict } from '../../domain/evaluation.ts';
import type { Db } from '../../store/database.ts';
import type { ApplicationRow, EvaluationReportRow } from '../../store/schema.ts';
import type { AppContext, Trx } from '../context.ts';
import { findEvaluationBody } from './evaluation-bodies.ts';
import { currentReport, EVALUABLE_STATUSES } from './reports.ts';

export interface TestUnitView {
  id: string;
  requirementId: string;
  requirementTitle: { ja: string; en: string };
  /** The level whose document brought the requirement in (cumulative criteria). */
  requirementLevel: number;
  assessment: 'conceptual' | 'functional';
  text: { ja: string; en: string };
}

export interface VerdictView {
  unitId: string;
  requirementId: string;
  verdict: Verdict;
  reason: string | null;
  evidence: string | null;
  updatedAt: string;
}

export interface ReportView {
  id: string;
  round: number;
  status: 'open' | 'signed_off';
  ics: string | null;
  ixit: string | null;
  summary: string | null;
  signedOffAt: string | null;
  file: { name: string; size: number; sha256: string; uploadedAt: string } | null;
  verdicts: VerdictView[];
  updatedAt: string;
  version: number;
}

export interface EvaluationView {
  application: {
    id: string;
    applicationNumber: string;
    acceptanceNumber: string | null;
    status: string;
    level: number;
    submittedAt: string | null;
    criteria: CriteriaSummary;
    vendor: { id: string; name: { ja: string; en: string } };
    product: { id: string; name: { ja: string; en: string }; category: string };
    modelNumbers: string[];
    /** The vendor's checklist: its implementation conformance statement. */
    checklist: Array<{ itemId: string; answer: string; evidence: string | null; reason: string | null }>;
  };
  evaluationBody: { id: string; name: { ja: string; en: string }; accreditationNumber: string } | null;
  testUnits: TestUnitView[];
  /** The report for the current submission; null until the body starts it. */
  report: ReportView | null;
  /** Whether the body may still change the report (application waiting for evaluation, report not signed off). */
  isEditable: boolean;
}

export function testUnitsOf(ctx: AppContext, criteriaId: string): TestUnitView[] {
  const doc = ctx.catalog.criteria.get(criteriaId);
  const requirements = new Map(doc?.requirements.map((r) => [r.id, r]));
  return (doc?.testUnits ?? []).map((u) => {
    const requirement = requirements.get(u.requirement)!;
    return {
      id: u.id,
      requirementId: u.requirement,
      requirementTitle: { ja: requirement.title.ja, en: requirement.title.en },
      requirementLevel: requirement.origin.level,
      assessment: u.assessment,
      text: { ja: u.text.ja, en: u.text.en },
    };
  });
}

export async function loadReportView(db: Db | Trx, report: EvaluationReportRow): Promise<ReportView> {
  const [verdicts, file] = await Promise.all([
    db.selectFrom('evaluation_verdicts').selectAll().where('report_id', '=', report.id).orderBy('unit_id').execute(),
    db.selectFrom('evaluation_report_files').select(['file_name', 'size', 'sha256', 'uploaded_at']).where('report_id', '=', report.id).executeTakeFirst(),
  ]);
  return {
    id: report.id,
    round: report.round,
    status: report.status as ReportView['status'],
    ics: report.ics,
    ixit: report.ixit,
    summary: report.summary,
    signedOffAt: report.signed_off_at,
    file: file ? { name: file.file_name, size: Number(file.size), sha256: file.sha256, uploadedAt: file.uploaded_at } : null,
    verdicts: verdicts.map((v) => ({ unitId: v.unit_id, requirementId: v.requirement_id, verdict: v.verdict as Verdict, reason: v.reason, evidence: v.evidence, updatedAt: v.updated_at })),
    updatedAt: report.updated_at,
    version: report.version,
  };
}

export async function loadEvaluationView(ctx: AppContext, db: Db | Trx, app: ApplicationRow): Promise<EvaluationView> {
  const [product, vendor, models, answers, body, report] = await Promise.all([
    db.selectFrom('products').select(['id', 'name_ja', 'name_en', 'category']).where('id', '=', app.product_id).executeTakeFirstOrThrow(),
    db.selectFrom('vendors').select(['id', 'name_ja', 'name_en']).where('id', '=', app.vendor_id).executeTakeFirstOrThrow(),
    db.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', app.id).orderBy('position').execute(),
    db.selectFrom('checklist_answers').selectAll().where('application_id', '=', app.id).orderBy('item_id').execute(),
    app.evaluation_body_id ? findEvaluationBody(db, app.evaluation_body_id) : undefined,
    currentReport(db, app.id),
  ]);
  const reportView = report ? await loadReportView(db, report) : null;
  return {
    application: {
      id: app.id,
      applicationNumber: app.application_number,
      acceptanceNumber: app.acceptance_number,
      status: app.status,
      level: app.level,
      submittedAt: app.submitted_at,
      criteria: criteriaSummary(ctx.catalog, app.criteria_id),
      vendor: { id: vendor.id, name: { ja: vendor.name_ja, en: vendor.name_en } },
      product: { id: product.id, name: { ja: product.name_ja, en: product.name_en }, category: product.category },
      modelNumbers: models.map((m) => m.model_number),
      checklist: answers.map((a) => ({ itemId: a.item_id, answer: a.answer, evidence: a.evidence, reason: a.reason })),
    },
    evaluationBody: body ? { id: body.id, name: body.name, accreditationNumber: body.accreditationNumber } : null,
    testUnits: testUnitsOf(ctx, app.criteria_id),
    report: reportView,
    isEditable: EVALUABLE_STATUSES.includes(app.status) && reportView?.status !== 'signed_off',
  };
}
