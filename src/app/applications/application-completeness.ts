/**
 * What an application still lacks before it can be submitted: the same checks submission makes
 * (every assessment item answered, the PSTI statement complete, the model numbers valid, the
 * product's support end and vulnerability contact), so the portal can list them up front and
 * submission refuses exactly what the list showed.
 */
import { missingChecklistItems, requirementsToAnswer } from '../../domain/checklist.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { checkModelNumbers } from '../../domain/model-number.ts';
import { jstDate } from '../../domain/time.ts';
import type { ApplicationRow } from '../../store/schema.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { loadPstiStatement, pstiStatementErrors, requirePstiRule } from '../recognition/psti-route.ts';
import { inTransaction } from '../transaction.ts';
import { evaluationSubmissionProblems } from '../evaluation/assignment.ts';

/** Every reason submitting `row` at `now` would fail with CHECKLIST_INCOMPLETE (ROUTE_NOT_AVAILABLE is thrown). */
export async function submissionProblems(ctx: AppContext, trx: Trx, row: ApplicationRow, now: Date): Promise<FieldError[]> {
  const criteria = ctx.catalog.criteria.get(row.criteria_id)!;
  const [answers, models, product] = await Promise.all([
    trx.selectFrom('checklist_answers').select(['item_id', 'answer']).where('application_id', '=', row.id).execute(),
    trx.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', row.id).orderBy('position').execute(),
    trx.selectFrom('products').selectAll().where('id', '=', row.product_id).executeTakeFirstOrThrow(),
  ]);
  const today = jstDate(now);
  const rule = row.route === 'psti' ? requirePstiRule(ctx, row.level, today) : undefined;
  const requirements = rule ? requirementsToAnswer(criteria.requirements, rule.recognizedRequirements) : criteria.requirements;
  const problems: FieldError[] = missingChecklistItems(
    requirements,
    answers.map((a) => ({ itemId: a.item_id, answer: a.answer as 'conforms' | 'not_applicable' })),
  );
  if (rule) problems.push(...(await pstiStatementErrors(trx, row.vendor_id, await loadPstiStatement(trx, row.id), today, true)));
  problems.push(...checkModelNumbers(models.map((m) => m.model_number), '/modelNumbers').errors);
  // The public page must carry these facts (S1.1-05 contact, S1.1-16 support period).
  if (!product.support_ends_on) problems.push({ pointer: '/product/supportEndsOn', detail: 'the product needs a support period end date' });
  if (!product.vulnerability_contact) problems.push({ pointer: '/product/vulnerabilityContact', detail: 'the product needs a vulnerability-report contact' });
  problems.push(...(await evaluationSubmissionProblems(ctx, trx, row, product.category, today)));
  return problems;
}

/** The problems submitting now would report (none: ready to submit). A closed route is one problem. */
export async function applicationCompleteness(ctx: AppContext, actor: Actor, applicationId: string): Promise<FieldError[]> {
  requirePermission(actor, 'applications:read');
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'No such application');
    requireVendorScope(actor, row.vendor_id, 'application');
    try {
      return await submissionProblems(ctx, trx, row, ctx.clock.now());
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ROUTE_NOT_AVAILABLE') return [{ pointer: '/route', detail: error.message }];
      throw error;
    }
  });
}
