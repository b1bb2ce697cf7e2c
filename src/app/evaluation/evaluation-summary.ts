/**
 * What an application view says about its evaluation (★3/★4): the body the vendor named and the
 * state of the report on the current submission. Null for self-declared levels.
 */
import type { Db } from '../../store/database.ts';
import type { ApplicationRow } from '../../store/schema.ts';
import type { AppContext, Trx } from '../context.ts';
import { findEvaluationBody } from './evaluation-bodies.ts';
import { currentReport, isThirdPartyLevel } from './reports.ts';

export interface EvaluationSummary {
  body: { id: string; name: { ja: string; en: string }; accreditationNumber: string } | null;
  /** The report on the current submission: not_started, open or signed_off. */
  reportStatus: 'not_started' | 'open' | 'signed_off';
  /** Which submission the report is for (1 = first). */
  round: number | null;
  signedOffAt: string | null;
}

export async function loadEvaluationSummary(
  ctx: AppContext,
  db: Db | Trx,
  row: Pick<ApplicationRow, 'id' | 'level' | 'evaluation_body_id'>,
): Promise<EvaluationSummary | null> {
  if (!isThirdPartyLevel(ctx, row.level)) return null;
  const [body, report] = await Promise.all([
    row.evaluation_body_id ? findEvaluationBody(db, row.evaluation_body_id) : undefined,
    currentReport(db, row.id),
  ]);
  return {
    body: body ? { id: body.id, name: body.name, accreditationNumber: body.accreditationNumber } : null,
    reportStatus: (report?.status as 'open' | 'signed_off' | undefined) ?? 'not_started',
    round: report?.round ?? null,
    signedOffAt: report?.signed_off_at ?? null,
  };
}
