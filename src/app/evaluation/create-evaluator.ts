/**
 * Evaluator accounts: users of an evaluation body, created by an operator admin. They use the same
 * log-in as everyone else and see only their body's assigned applications.
 */
import { DomainError } from '../../domain/errors.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { createUser } from '../users/create-user.ts';
import type { UserView } from '../users/user-view.ts';
import { findEvaluationBody } from './evaluation-bodies.ts';

export async function createEvaluator(
  ctx: AppContext,
  actor: Actor,
  evaluationBodyId: string,
  input: { email: string; displayName: string; password: string },
): Promise<UserView> {
  requirePermission(actor, 'evaluation-bodies:manage');
  if (!(await findEvaluationBody(ctx.db, evaluationBodyId))) throw new DomainError('NOT_FOUND', 'No such evaluation body');
  return createUser(ctx, actor, { ...input, role: 'evaluator', evaluationBodyId });
}
