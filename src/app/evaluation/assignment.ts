/**
 * Naming the evaluation body of an application. Third-party levels (★3/★4) must name one, and
 * only a body accredited for the product category and level on the day may be named; self-declared
 * levels name none. The same accreditation check runs again when the body signs off its report.
 */
import { accreditationProblem } from '../../domain/evaluation-body.ts';
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import type { AppContext, Trx } from '../context.ts';
import { accreditationOf, findEvaluationBody, type EvaluationBodyView } from './evaluation-bodies.ts';

/** Throws EVALUATION_BODY_NOT_ACCREDITED, naming the body and the reason, unless it may evaluate. */
export function requireAccreditation(body: EvaluationBodyView, category: string, level: number, today: string): void {
  const problem = accreditationProblem(accreditationOf(body), category, level, today);
  if (problem) {
    throw new DomainError('EVALUATION_BODY_NOT_ACCREDITED', problem, [{ pointer: '/evaluationBodyId', detail: problem }], { evaluationBodyId: body.id });
  }
}

export interface Assignment {
  level: number;
  /** The category the application's criteria are for. */
  category: string;
  evaluationBodyId: string | null | undefined;
  /** YYYY-MM-DD (JST). */
  today: string;
}

/** The body id to store on the application (null for self-declared levels). */
export async function assignEvaluationBody(ctx: AppContext, trx: Trx, a: Assignment): Promise<string | null> {
  const isThirdParty = ctx.catalog.level(a.level)?.assessment === 'third-party';
  if (!isThirdParty) {
    if (a.evaluationBodyId) throw validationError([{ pointer: '/evaluationBodyId', detail: `level ${a.level} is self-declared: only ★3 and ★4 applications name an evaluation body` }]);
    return null;
  }
  if (!a.evaluationBodyId) throw validationError([{ pointer: '/evaluationBodyId', detail: `level ${a.level} is evaluated by a third party: name the evaluation body` }]);
  const body = await findEvaluationBody(trx, a.evaluationBodyId);
  if (!body) throw validationError([{ pointer: '/evaluationBodyId', detail: 'no such evaluation body' }]);
  requireAccreditation(body, a.category, a.level, a.today);
  return body.id;
}

/**
 * What submitting a ★2–★4 application also needs: criteria for the product's (current) category
 * and, for ★3/★4, a named body accredited for that category and level on the day. Listed with the
 * other submission problems (CHECKLIST_INCOMPLETE).
 */
export async function evaluationSubmissionProblems(
  ctx: AppContext,
  trx: Trx,
  row: { level: number; criteria_id: string; evaluation_body_id?: string | null },
  productCategory: string,
  today: string,
): Promise<FieldError[]> {
  const category = ctx.catalog.criteria.get(row.criteria_id)?.category;
  const problems: FieldError[] = [];
  if (category !== undefined && category !== productCategory) {
    problems.push({ pointer: '/product/category', detail: `the criteria ${row.criteria_id} are for ${category}, but the product is now ${productCategory}` });
  }
  if (ctx.catalog.level(row.level)?.assessment !== 'third-party') return problems;
  const body = row.evaluation_body_id ? await findEvaluationBody(trx, row.evaluation_body_id) : undefined;
  const problem = body ? accreditationProblem(accreditationOf(body), category ?? productCategory, row.level, today) : 'name the evaluation body';
  if (problem) problems.push({ pointer: '/evaluationBodyId', detail: problem });
  return problems;
}
