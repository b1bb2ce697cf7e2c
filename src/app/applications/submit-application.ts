import { DomainError } from '../../domain/errors.ts';
import type { Actor, AppContext } from '../context.ts';
import { submissionProblems } from './application-completeness.ts';
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
      const problems = await submissionProblems(ctx, trx, row, now);
      if (problems.length) {
        throw new DomainError('CHECKLIST_INCOMPLETE', `${problems.length} item(s) missing: ${problems.map((p) => p.detail).join('; ')}`, problems);
      }
      return row.submitted_at ? {} : { submitted_at: now.toISOString() };
    },
  });
}
