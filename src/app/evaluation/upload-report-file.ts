/**
 * The evaluation body uploads its report PDF (適合評価報告書) for the current report. Only a real
 * PDF is kept (it must start with "%PDF-", whatever its name or declared type); a new upload
 * replaces the previous file until sign-off. The bytes live in the database, never under the web
 * root, and are served only to the body, the operator and the vendor concerned.
 */
import { createHash } from 'node:crypto';
import { isPdf, REPORT_PDF_MAX_BYTES } from '../../domain/evaluation.ts';
import { DomainError, validationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { loadEvaluationView, type EvaluationView } from './evaluation-view.ts';
import { openCurrentReport } from './reports.ts';
import { lockForEvaluation } from './save-evaluation-report.ts';

/** A safe display name: the last path segment, no control characters, at most 200 characters. */
export function reportFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).at(-1)!.replace(/[\p{Cc}\p{Cf}"]/gu, '').trim().slice(0, 200);
  return base || 'evaluation-report.pdf';
}

export async function uploadEvaluationReportFile(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  file: { fileName?: string; bytes: Uint8Array },
): Promise<EvaluationView> {
  requirePermission(actor, 'evaluation:write');
  if (file.bytes.length > REPORT_PDF_MAX_BYTES) throw validationError([{ pointer: '/report', detail: `the report PDF may be at most ${REPORT_PDF_MAX_BYTES / 1024 / 1024} MB` }]);
  if (!isPdf(file.bytes)) throw validationError([{ pointer: '/report', detail: 'the file is not a PDF (a PDF starts with "%PDF-")' }]);
  return inTransaction(ctx, async (trx) => {
    const app = await lockForEvaluation(trx, actor, applicationId);
    const now = ctx.clock.now();
    const report = await openCurrentReport(ctx, trx, app, now);
    if (report.status !== 'open') throw new DomainError('EVALUATION_STATE_CONFLICT', 'The report is signed off and can no longer change', [], { currentStatus: app.status });
    const row = {
      report_id: report.id,
      file_name: reportFileName(file.fileName),
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      content: Buffer.from(file.bytes),
      uploaded_at: now.toISOString(),
      uploaded_by: actor.userId,
    };
    const before = await trx.selectFrom('evaluation_report_files').select(['file_name', 'size', 'sha256']).where('report_id', '=', report.id).executeTakeFirst();
    await trx.deleteFrom('evaluation_report_files').where('report_id', '=', report.id).execute();
    await trx.insertInto('evaluation_report_files').values(row).execute();
    await trx.updateTable('evaluation_reports').set({ updated_at: now.toISOString(), version: report.version + 1 }).where('id', '=', report.id).execute();
    const { content: _bytes, ...after } = row;
    await recordAudit(trx, ctx, actor, now, { action: 'evaluation_report.file_uploaded', entityType: 'evaluation_report', entityId: report.id, before: before ?? null, after });
    return loadEvaluationView(ctx, trx, app);
  });
}
