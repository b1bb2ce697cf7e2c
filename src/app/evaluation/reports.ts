/**
 * Evaluation reports are per submission: each submission (or resubmission after a return) of a
 * ★3/★4 application gets its own report, opened when the evaluation body first writes to it. The
 * "current" report is the one for the latest submission; earlier rounds stay as history.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../../store/database.ts';
import type { ApplicationRow, EvaluationReportRow } from '../../store/schema.ts';
import type { AppContext, Trx } from '../context.ts';

/** Application states in which the evaluation body works on its report. */
export const EVALUABLE_STATUSES: readonly string[] = ['submitted', 'resubmitted'];

/** Whether the application's level is evaluated by a third party (★3/★4). */
export function isThirdPartyLevel(ctx: AppContext, level: number): boolean {
  return ctx.catalog.level(level)?.assessment === 'third-party';
}

/** The latest (re)submission event and its round number (1 for the first submission). */
export async function latestSubmission(db: Db | Trx, applicationId: string): Promise<{ eventId: string; round: number } | undefined> {
  const events = await db
    .selectFrom('application_events')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('type', 'in', ['submitted', 'resubmitted'])
    .orderBy('at')
    .orderBy('id')
    .execute();
  const last = events.at(-1);
  return last ? { eventId: last.id, round: events.length } : undefined;
}

/** The report for the latest submission, if the body has started it. */
export async function currentReport(db: Db | Trx, applicationId: string): Promise<EvaluationReportRow | undefined> {
  const submission = await latestSubmission(db, applicationId);
  if (!submission) return undefined;
  return db.selectFrom('evaluation_reports').selectAll().where('submission_event_id', '=', submission.eventId).executeTakeFirst();
}

/**
 * The current report, opened now if the body has not started it. The caller holds the
 * application's row lock, so two first writes cannot both open one.
 */
export async function openCurrentReport(ctx: AppContext, trx: Trx, app: ApplicationRow, now: Date): Promise<EvaluationReportRow> {
  const submission = await latestSubmission(trx, app.id);
  if (!submission) throw new DomainError('EVALUATION_STATE_CONFLICT', 'The application has not been submitted', [], { currentStatus: app.status });
  const existing = await trx.selectFrom('evaluation_reports').selectAll().where('submission_event_id', '=', submission.eventId).executeTakeFirst();
  if (existing) return existing;
  const row: EvaluationReportRow = {
    id: ctx.newId(),
    application_id: app.id,
    submission_event_id: submission.eventId,
    round: submission.round,
    evaluation_body_id: app.evaluation_body_id!,
    status: 'open',
    ics: null,
    ixit: null,
    summary: null,
    signed_off_at: null,
    signed_off_by: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await trx.insertInto('evaluation_reports').values(row).execute();
  return row;
}

/**
 * The signed-off report a ★3/★4 application is accepted and issued on; EVALUATION_NOT_SIGNED_OFF
 * when the body has not signed off the report for the current submission.
 */
export async function requireSignedOffReport(db: Db | Trx, app: Pick<ApplicationRow, 'id' | 'application_number'>): Promise<EvaluationReportRow> {
  const report = await currentReport(db, app.id);
  if (report?.status !== 'signed_off') {
    throw new DomainError('EVALUATION_NOT_SIGNED_OFF', `The evaluation body has not signed off its report on application ${app.application_number}`, [], {
      reportStatus: report?.status ?? 'not_started',
    });
  }
  return report;
}
