import { missingChecklistItems, requirementsToAnswer } from '../../domain/checklist.ts';
import { jstDate } from '../../domain/time.ts';
import { loadPstiStatement, pstiStatementErrors, requirePstiRule } from '../recognition/psti-route.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { checkModelNumbers } from '../../domain/model-number.ts';
import type { Actor, AppContext } from '../context.ts';
import { transitionApplication } from './application-transition.ts';
import type { ApplicationView } from './application-view.ts';

/**
 * Submits (or, after a return, resubmits) an application. Fails with CHECKLIST_INCOMPLETE naming
 * every missing checklist item and every missing product fact the public page needs. On the
 * `psti` route the rule in force on the submission date must exist (ROUTE_NOT_AVAILABLE), its
 * recognised requirements are not asked for, and the statement of compliance must be complete.
 */
export async function submitApplication(ctx: AppContext, actor: Actor, id: string): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, id, {
    action: 'submit',
    permission: 'applications:write',
    event: 'application.submitted',
    apply: async (trx, row, now) => {
      const criteria = ctx.catalog.criteria.get(row.criteria_id)!;
      const [answers, models, product] = await Promise.all([
        trx.selectFrom('checklist_answers').select(['item_id', 'answer']).where('application_id', '=', id).execute(),
        trx.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', id).orderBy('position').execute(),
        trx.selectFrom('products').selectAll().where('id', '=', row.product_id).executeTakeFirstOrThrow(),
      ]);
      const today = jstDate(now);
      const rule = row.route === 'psti' ? requirePstiRule(ctx, row.level, today) : undefined;
      const requirements = rule ? requirementsToAnswer(criteria.requirements, rule.recognizedRequirements) : criteria.requirements;
      const problems: FieldError[] = missingChecklistItems(
        requirements,
        answers.map((a) => ({ itemId: a.item_id, answer: a.answer as 'conforms' | 'not_applicable' })),
      );
      if (rule) problems.push(...(await pstiStatementErrors(trx, row.vendor_id, await loadPstiStatement(trx, id), today, true)));
      problems.push(...checkModelNumbers(models.map((m) => m.model_number), '/modelNumbers').errors);
      // The public page must carry these facts (S1.1-05 contact, S1.1-16 support period).
      if (!product.support_ends_on) problems.push({ pointer: '/product/supportEndsOn', detail: 'the product needs a support period end date' });
      if (!product.vulnerability_contact) problems.push({ pointer: '/product/vulnerabilityContact', detail: 'the product needs a vulnerability-report contact' });
      if (problems.length) {
        throw new DomainError('CHECKLIST_INCOMPLETE', `${problems.length} item(s) missing: ${problems.map((p) => p.detail).join('; ')}`, problems);
      }
      return row.submitted_at ? {} : { submitted_at: now.toISOString() };
    },
  });
}
