import { DomainError, validationError } from '../../domain/errors.ts';
import { labelStateAt } from '../../domain/label-status.ts';
import { formatRegistrationNumber, sequenceName } from '../../domain/registration-number.ts';
import { renewedExpiry } from '../../domain/renewal.ts';
import { addMonths, jstYear } from '../../domain/time.ts';
import { nextSequenceValue } from '../../store/sequences.ts';
import type { Actor, AppContext, Trx } from '../context.ts';
import { transitionApplication } from '../applications/application-transition.ts';
import type { ApplicationView } from '../applications/application-view.ts';
import { insertInChunks, modelNumberRows } from '../products/model-numbers.repository.ts';
import { recordAudit } from '../audit.ts';
import { logLabelEvent } from '../transparency/log-leaf.ts';
import { appendLabelEvent } from './change-label-status.ts';
import { loadLabelHistory } from './label-history.ts';
import { refreshLabelSearch } from './label-search.ts';
import { requireSignedOffReport } from '../evaluation/reports.ts';

export interface IssueLabelInput {
  /**
   * A label is valid *up to* the level's validity period. An earlier end (e.g. the product's
   * support ends sooner) may be set here; later is refused.
   */
  validUntil?: Date;
}

/**
 * Issues the label for a paid application: a new registration number for the standard route, or,
 * for a renewal, the same number with validity extended from the previous expiry. A ★3/★4 label
 * records which evaluation body evaluated the product and when it signed off its report.
 */
export function issueLabel(ctx: AppContext, actor: Actor, applicationId: string, input: IssueLabelInput = {}): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, applicationId, {
    action: 'issue',
    permission: 'applications:review',
    event: 'application.issued',
    apply: async (trx, app, now) => {
      const level = ctx.catalog.level(app.level)!;
      const models = await trx.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', app.id).orderBy('position').execute();
      const modelNumbers = models.map((m) => m.model_number);
      const evaluation = level.assessment === 'third-party' ? await requireSignedOffReport(trx, app) : undefined;
      const evaluated = { evaluation_body_id: evaluation?.evaluation_body_id ?? null, evaluated_at: evaluation?.signed_off_at ?? null };
      // Before the label event, so its log leaf hashes the record with the evaluation on it.
      if (app.renews_label_id && evaluation) await trx.updateTable('labels').set(evaluated).where('id', '=', app.renews_label_id).execute();
      const labelId = app.renews_label_id
        ? await renew(ctx, trx, actor, app.renews_label_id, app.id, now, level.validityMonths, modelNumbers)
        : await createLabel(ctx, trx, actor, { ...app, ...evaluated }, now, level.validityMonths, modelNumbers, input.validUntil);
      await refreshLabelSearch(trx, [labelId]);
      return { label_id: labelId };
    },
  });
}

async function createLabel(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  app: { id: string; vendor_id: string; product_id: string; level: number; criteria_id: string; evaluation_body_id: string | null; evaluated_at: string | null },
  now: Date,
  validityMonths: number,
  modelNumbers: string[],
  validUntil: Date | undefined,
): Promise<string> {
  const maxExpiry = addMonths(now, validityMonths);
  if (validUntil && (validUntil.getTime() > maxExpiry.getTime() || validUntil.getTime() <= now.getTime())) {
    throw validationError([{ pointer: '/validUntil', detail: `must be after now and at most ${maxExpiry.toISOString()}` }]);
  }
  const expiresAt = validUntil ?? maxExpiry;
  const year = jstYear(now);
  const serial = await nextSequenceValue(trx, sequenceName.registration(app.level, year));
  const label = {
    id: ctx.newId(),
    registration_number: formatRegistrationNumber(app.level, year, serial),
    vendor_id: app.vendor_id,
    product_id: app.product_id,
    application_id: app.id,
    level: app.level,
    criteria_id: app.criteria_id,
    evaluation_body_id: app.evaluation_body_id,
    evaluated_at: app.evaluated_at,
    category: (await trx.selectFrom('products').select('category').where('id', '=', app.product_id).executeTakeFirstOrThrow()).category,
    issued_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    base_status: 'valid',
    version: 1,
    updated_at: now.toISOString(),
  };
  await trx.insertInto('labels').values(label).execute();
  await insertInChunks(modelNumberRows(modelNumbers), (chunk) =>
    trx.insertInto('label_model_numbers').values(chunk.map((r) => ({ ...r, label_id: label.id }))).execute(),
  );
  await trx
    .insertInto('label_events')
    .values({ id: ctx.newId(), label_id: label.id, seq: 1, type: 'issued', at: label.issued_at, actor_id: actor.userId, reason: null, expires_at: label.expires_at, application_id: app.id })
    .execute();
  await recordAudit(trx, ctx, actor, now, { action: 'label.issued', entityType: 'label', entityId: label.id, after: { ...label, modelNumbers } });
  await logLabelEvent(ctx, trx, label.id, 'label.issued', now);
  return label.id;
}

async function renew(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  labelId: string,
  applicationId: string,
  now: Date,
  validityMonths: number,
  modelNumbers: string[],
): Promise<string> {
  const history = await loadLabelHistory(trx, labelId);
  const state = labelStateAt(history, now)!;
  if (state.status !== 'valid' && state.status !== 'expired') {
    throw new DomainError('LABEL_STATE_CONFLICT', `Cannot renew a label that is ${state.status}`, [], { currentStatus: state.status });
  }
  const expiresAt = renewedExpiry(state.expiresAt, { windowDays: 0, validityMonths });
  // Model numbers first, so the renewal's log leaf hashes the renewed record.
  await trx.deleteFrom('label_model_numbers').where('label_id', '=', labelId).execute();
  await insertInChunks(modelNumberRows(modelNumbers), (chunk) =>
    trx.insertInto('label_model_numbers').values(chunk.map((r) => ({ ...r, label_id: labelId }))).execute(),
  );
  await appendLabelEvent(ctx, trx, actor, labelId, now, { type: 'renewed', reason: null, expiresAt, applicationId });
  return labelId;
}
