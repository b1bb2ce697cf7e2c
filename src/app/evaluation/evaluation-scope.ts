/**
 * What an evaluator may see: only applications assigned to their evaluation body, and only once
 * the vendor has submitted them (a draft is the vendor's own). Anything else answers NOT_FOUND,
 * so a body cannot even learn that another body's or an unassigned application exists.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../../store/database.ts';
import type { ApplicationRow } from '../../store/schema.ts';
import type { Actor, Trx } from '../context.ts';
import { lockApplication } from '../applications/application-transition.ts';

export function isAssignedTo(actor: Actor, row: Pick<ApplicationRow, 'evaluation_body_id' | 'submitted_at'>): boolean {
  if (actor.role === 'system') return true;
  return !!actor.evaluationBodyId && row.evaluation_body_id === actor.evaluationBodyId && row.submitted_at !== null;
}

/** The application if it is assigned to the actor's body; NOT_FOUND otherwise. */
export async function assignedApplication(db: Db | Trx, actor: Actor, id: string): Promise<ApplicationRow> {
  const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !isAssignedTo(actor, row)) throw new DomainError('NOT_FOUND', 'No such application');
  return row;
}

/** Locks the application row, then checks the assignment (NOT_FOUND when not the actor's). */
export async function lockAssignedApplication(trx: Trx, actor: Actor, id: string): Promise<ApplicationRow> {
  const row = await lockApplication(trx, actor, id);
  if (!isAssignedTo(actor, row)) throw new DomainError('NOT_FOUND', 'No such application');
  return row;
}
