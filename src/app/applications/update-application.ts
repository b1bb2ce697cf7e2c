import { isApplicationEditable, type ApplicationStatus } from '../../domain/application-status.ts';
import { checkChecklistAnswers, recognisedItemAnswers, type ChecklistAnswer } from '../../domain/checklist.ts';
import type { PstiStatement } from '../../domain/psti-statement.ts';
import { jstDate } from '../../domain/time.ts';
import { pstiStatementErrors, recognisedRequirementsOf, savePstiStatement } from '../recognition/psti-route.ts';
import { DomainError, validationError } from '../../domain/errors.ts';
import { checkModelNumbers } from '../../domain/model-number.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext, type Trx } from '../context.ts';
import { insertInChunks, modelNumberRows } from '../products/model-numbers.repository.ts';
import { inTransaction } from '../transaction.ts';
import { lockApplication } from './application-transition.ts';
import { loadApplicationView, type ApplicationView } from './application-view.ts';
import { assignEvaluationBody } from '../evaluation/assignment.ts';

export async function replaceApplicationModelNumbers(trx: Trx, applicationId: string, values: readonly string[]): Promise<void> {
  await trx.deleteFrom('application_model_numbers').where('application_id', '=', applicationId).execute();
  await insertInChunks(modelNumberRows(values), (chunk) =>
    trx.insertInto('application_model_numbers').values(chunk.map((r) => ({ ...r, application_id: applicationId }))).execute(),
  );
}

export interface UpdateApplicationInput {
  /** Replaces the application's model numbers. */
  modelNumbers?: string[];
  /** Replaces the whole checklist (a draft may be partial, never wrong). */
  checklist?: ChecklistAnswer[];
  /**
   * Route `psti` only: replaces the UK PSTI statement of compliance. A draft statement may be
   * incomplete, but what it says is checked (support period not ended, manufacturer is the applicant).
   */
  pstiStatement?: PstiStatement;
  /** ★3/★4: names another evaluation body (accredited for the category and level today). */
  evaluationBodyId?: string;
  /** Optimistic concurrency: when given, must equal the application's current version. */
  expectedVersion?: number;
}

/** Edits a draft or returned application. Nothing is written when any field is invalid. */
export async function updateApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateApplicationInput,
): Promise<ApplicationView> {
  requirePermission(actor, 'applications:write');
  const modelNumbers = input.modelNumbers ? checkModelNumbers(input.modelNumbers, '/modelNumbers') : undefined;
  if (modelNumbers?.errors.length) throw validationError(modelNumbers.errors);

  return inTransaction(ctx, async (trx) => {
    const before = await lockApplication(trx, actor, id);
    if (!isApplicationEditable(before.status as ApplicationStatus)) {
      throw new DomainError('APPLICATION_NOT_EDITABLE', `The application is ${before.status}`, [], { currentStatus: before.status });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
      throw new DomainError('APPLICATION_STATE_CONFLICT', `The application changed (version ${before.version}); reload and retry`, [], { currentStatus: before.status });
    }
    const criteria = ctx.catalog.criteria.get(before.criteria_id)!;
    const now = ctx.clock.now();
    if (input.checklist) {
      const recognised = recognisedRequirementsOf(ctx, before);
      const errors = recognisedItemAnswers(criteria.requirements, recognised, input.checklist, '/checklist');
      errors.push(...checkChecklistAnswers(criteria.requirements, input.checklist, '/checklist'));
      if (errors.length) throw validationError(errors);
    }
    if (input.pstiStatement) {
      if (before.route !== 'psti') throw validationError([{ pointer: '/pstiStatement', detail: 'only on the psti route' }]);
      const errors = await pstiStatementErrors(trx, before.vendor_id, input.pstiStatement, jstDate(now), false);
      if (errors.length) throw validationError(errors);
    }
    const evaluationBodyId = input.evaluationBodyId === undefined ? undefined
      : await assignEvaluationBody(ctx, trx, { level: before.level, category: criteria.category ?? '', evaluationBodyId: input.evaluationBodyId, today: jstDate(now) });
    const beforeView = await loadApplicationView(ctx, trx, before);
    if (input.pstiStatement) await savePstiStatement(trx, id, input.pstiStatement, now);
    if (modelNumbers) await replaceApplicationModelNumbers(trx, id, modelNumbers.values);
    if (input.checklist) {
      const requirementOf = new Map(criteria.requirements.flatMap((r) => r.items.map((i) => [i.id, r.id] as const)));
      await trx.deleteFrom('checklist_answers').where('application_id', '=', id).execute();
      if (input.checklist.length) {
        await trx
          .insertInto('checklist_answers')
          .values(
            input.checklist.map((a) => ({
              application_id: id,
              item_id: a.itemId,
              requirement_id: requirementOf.get(a.itemId)!,
              answer: a.answer,
              evidence: a.answer === 'conforms' ? a.evidence?.trim() ?? null : null,
              reason: a.answer === 'not_applicable' ? a.reason?.trim() ?? null : null,
              updated_at: now.toISOString(),
            })),
          )
          .execute();
      }
    }
    const changes = { updated_at: now.toISOString(), version: before.version + 1, ...(evaluationBodyId !== undefined && { evaluation_body_id: evaluationBodyId }) };
    await trx.updateTable('applications').set(changes).where('id', '=', id).execute();
    const after = await loadApplicationView(ctx, trx, { ...before, ...changes });
    await recordAudit(trx, ctx, actor, now, {
      action: 'application.updated',
      entityType: 'application',
      entityId: id,
      before: { modelNumbers: beforeView.modelNumbers, checklist: beforeView.checklist, pstiStatement: beforeView.pstiStatement, evaluationBodyId: before.evaluation_body_id ?? null, version: before.version },
      after: { modelNumbers: after.modelNumbers, checklist: after.checklist, pstiStatement: after.pstiStatement, evaluationBodyId: after.evaluation?.body?.id ?? null, version: after.version },
    });
    return after;
  });
}
