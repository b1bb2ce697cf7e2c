/**
 * The evaluation body records its work on the current report: the ICS and IXIT it relied on, a
 * summary, and verdicts per test unit (added or replaced unit by unit). A report in progress may be
 * incomplete but nothing in it may be wrong; one invalid field and nothing is written.
 */
import { checkVerdicts, EVALUATION_TEXT_MAX, type VerdictInput } from '../../domain/evaluation.ts';
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import type { ApplicationRow } from '../../store/schema.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext, type Trx } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { lockAssignedApplication } from './evaluation-scope.ts';
import { loadEvaluationView, loadReportView, testUnitsOf, type EvaluationView } from './evaluation-view.ts';
import { EVALUABLE_STATUSES, openCurrentReport } from './reports.ts';

export interface EvaluationReportInput {
  /** The implementation conformance statement relied on (document, version, date). */
  ics?: string | null;
  /** The implementation extra information for testing relied on (document, version, date). */
  ixit?: string | null;
  summary?: string | null;
  /** Verdicts to add or replace, by test unit; units not named keep theirs. */
  verdicts?: VerdictInput[];
}

/** Locks an application assigned to the actor's body and checks the body may still work on it. */
export async function lockForEvaluation(trx: Trx, actor: Actor, applicationId: string): Promise<ApplicationRow> {
  const app = await lockAssignedApplication(trx, actor, applicationId);
  if (!EVALUABLE_STATUSES.includes(app.status)) {
    throw new DomainError('EVALUATION_STATE_CONFLICT', `The application is ${app.status}, not waiting for evaluation`, [], { currentStatus: app.status });
  }
  return app;
}

function textErrors(input: EvaluationReportInput): FieldError[] {
  return (['ics', 'ixit', 'summary'] as const)
    .filter((field) => (input[field]?.length ?? 0) > EVALUATION_TEXT_MAX)
    .map((field) => ({ pointer: `/${field}`, detail: `at most ${EVALUATION_TEXT_MAX} characters` }));
}

export async function saveEvaluationReport(ctx: AppContext, actor: Actor, applicationId: string, input: EvaluationReportInput): Promise<EvaluationView> {
  requirePermission(actor, 'evaluation:write');
  return inTransaction(ctx, async (trx) => {
    const app = await lockForEvaluation(trx, actor, applicationId);
    const units = testUnitsOf(ctx, app.criteria_id).map((u) => ({ id: u.id, requirement: u.requirementId }));
    const errors = [...textErrors(input), ...checkVerdicts(units, input.verdicts ?? [])];
    if (errors.length) throw validationError(errors);
    const now = ctx.clock.now();
    const report = await openCurrentReport(ctx, trx, app, now);
    if (report.status !== 'open') throw new DomainError('EVALUATION_STATE_CONFLICT', 'The report is signed off and can no longer change', [], { currentStatus: app.status });
    const before = await loadReportView(trx, report);
    const requirementOf = new Map(units.map((u) => [u.id, u.requirement]));
    const verdicts = input.verdicts ?? [];
    if (verdicts.length) {
      await trx.deleteFrom('evaluation_verdicts').where('report_id', '=', report.id).where('unit_id', 'in', verdicts.map((v) => v.unitId)).execute();
      await trx
        .insertInto('evaluation_verdicts')
        .values(verdicts.map((v) => ({
          report_id: report.id,
          unit_id: v.unitId,
          requirement_id: requirementOf.get(v.unitId)!,
          verdict: v.verdict,
          reason: v.verdict === 'not_applicable' ? v.reason!.trim() : null,
          evidence: v.evidence?.trim() || null,
          updated_at: now.toISOString(),
          updated_by: actor.userId,
        })))
        .execute();
    }
    const text = (value: string | null | undefined, old: string | null) => (value === undefined ? old : value?.trim() || null);
    await trx
      .updateTable('evaluation_reports')
      .set({ ics: text(input.ics, report.ics), ixit: text(input.ixit, report.ixit), summary: text(input.summary, report.summary), updated_at: now.toISOString(), version: report.version + 1 })
      .where('id', '=', report.id)
      .execute();
    const updated = await trx.selectFrom('evaluation_reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, actor, now, { action: 'evaluation_report.updated', entityType: 'evaluation_report', entityId: report.id, before, after: await loadReportView(trx, updated) });
    return loadEvaluationView(ctx, trx, app);
  });
}
