/**
 * The evaluation body signs off its report. Refused, naming every problem at once, while any test
 * unit lacks a verdict or failed, or the ICS, IXIT or report PDF is missing; refused too when the
 * body's accreditation does not cover the category and level that day. After sign-off the report
 * is frozen, and the operator may accept the application on it.
 */
import { signOffProblems } from '../../domain/evaluation.ts';
import { DomainError } from '../../domain/errors.ts';
import { jstDate } from '../../domain/time.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { requireAccreditation } from './assignment.ts';
import { findEvaluationBody } from './evaluation-bodies.ts';
import { loadEvaluationView, loadReportView, testUnitsOf, type EvaluationView } from './evaluation-view.ts';
import { openCurrentReport } from './reports.ts';
import { lockForEvaluation } from './save-evaluation-report.ts';

export async function signOffEvaluationReport(ctx: AppContext, actor: Actor, applicationId: string): Promise<EvaluationView> {
  requirePermission(actor, 'evaluation:write');
  return inTransaction(ctx, async (trx) => {
    const app = await lockForEvaluation(trx, actor, applicationId);
    const now = ctx.clock.now();
    const report = await openCurrentReport(ctx, trx, app, now);
    if (report.status !== 'open') throw new DomainError('EVALUATION_STATE_CONFLICT', 'The report is already signed off', [], { currentStatus: app.status });
    const body = (await findEvaluationBody(trx, report.evaluation_body_id))!;
    const category = ctx.catalog.criteria.get(app.criteria_id)?.category ?? '';
    requireAccreditation(body, category, app.level, jstDate(now));
    const view = await loadReportView(trx, report);
    const units = testUnitsOf(ctx, app.criteria_id).map((u) => ({ id: u.id, requirement: u.requirementId }));
    const problems = signOffProblems(units, { ics: view.ics, ixit: view.ixit, hasPdf: view.file !== null, verdicts: view.verdicts });
    if (problems.length) {
      throw new DomainError('EVALUATION_REPORT_INCOMPLETE', `The report cannot be signed off: ${problems.map((p) => p.detail).join('; ')}`, problems);
    }
    await trx
      .updateTable('evaluation_reports')
      .set({ status: 'signed_off', signed_off_at: now.toISOString(), signed_off_by: actor.userId, updated_at: now.toISOString(), version: report.version + 1 })
      .where('id', '=', report.id)
      .execute();
    await recordAudit(trx, ctx, actor, now, {
      action: 'evaluation_report.signed_off',
      entityType: 'evaluation_report',
      entityId: report.id,
      before: { status: report.status },
      after: { status: 'signed_off', signedOffAt: now.toISOString(), applicationId: app.id, round: report.round, evaluationBodyId: report.evaluation_body_id },
    });
    return loadEvaluationView(ctx, trx, app);
  });
}
