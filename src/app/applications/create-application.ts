import { DomainError, validationError } from '../../domain/errors.ts';
import { checkModelNumbers } from '../../domain/model-number.ts';
import { labelStateAt } from '../../domain/label-status.ts';
import { isRenewalOpen, renewalWindow } from '../../domain/renewal.ts';
import { canonicalRegistrationNumber, formatApplicationNumber, sequenceName } from '../../domain/registration-number.ts';
import { jstDate, jstYear } from '../../domain/time.ts';
import type { PstiStatement } from '../../domain/psti-statement.ts';
import type { ApplicationRoute } from '../../domain/application-status.ts';
import { nextSequenceValue } from '../../store/sequences.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { loadLabelHistory } from '../labels/label-history.ts';
import { pstiStatementErrors, requirePstiRule, savePstiStatement } from '../recognition/psti-route.ts';
import { productModelNumbers } from '../products/model-numbers.repository.ts';
import { inTransaction } from '../transaction.ts';
import { loadApplicationView, type ApplicationView } from './application-view.ts';
import { replaceApplicationModelNumbers } from './update-application.ts';
import { assignEvaluationBody } from '../evaluation/assignment.ts';

export interface CreateApplicationInput {
  /** The product (one product page, one registration number). Ignored for renewals. */
  productId?: string;
  level: number;
  route: ApplicationRoute;
  /** For route `renewal`: the label being renewed. */
  renewsRegistrationNumber?: string;
  /** Defaults to the product's model numbers (or the renewed label's). */
  modelNumbers?: string[];
  /** For route `psti`: the UK PSTI statement of compliance (may be completed later, before submission). */
  pstiStatement?: PstiStatement;
  /** ★3/★4: the evaluation body, which must be accredited for the product category and level today. */
  evaluationBodyId?: string;
}

/**
 * A renewal starts from the answers of the application that last issued or renewed the label,
 * when it was made against the same criteria: the vendor reviews them instead of starting over.
 */
async function copyPreviousChecklist(trx: Trx, labelId: string, applicationId: string, criteriaId: string, now: Date): Promise<void> {
  const previous = await trx
    .selectFrom('applications')
    .select('id')
    .where('label_id', '=', labelId)
    .where('status', '=', 'issued')
    .where('criteria_id', '=', criteriaId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!previous) return;
  const answers = await trx.selectFrom('checklist_answers').selectAll().where('application_id', '=', previous.id).execute();
  if (answers.length) {
    await trx.insertInto('checklist_answers').values(answers.map((a) => ({ ...a, application_id: applicationId, updated_at: now.toISOString() }))).execute();
  }
}

/**
 * Opens a draft application and gives it its application number. A renewal must be opened inside
 * the renewal window of a valid label of the same vendor, and only one may be open per label.
 * The `psti` route is open only while a UK PSTI recognition rule is in force (ROUTE_NOT_AVAILABLE).
 * A renewal starts with the renewed label's model numbers and its last checklist answers.
 */
export async function createApplication(ctx: AppContext, actor: Actor, input: CreateApplicationInput): Promise<ApplicationView> {
  requirePermission(actor, 'applications:write');
  const level = ctx.catalog.level(input.level);
  if (!level?.criteria.length) throw new DomainError('CRITERIA_NOT_AVAILABLE', `No criteria are in force for level ${input.level}`);
  if (input.route === 'psti') requirePstiRule(ctx, input.level, jstDate(ctx.clock.now()));
  else if (input.pstiStatement) throw validationError([{ pointer: '/pstiStatement', detail: 'only on the psti route' }]);
  if (input.modelNumbers) {
    const { errors } = checkModelNumbers(input.modelNumbers, '/modelNumbers');
    if (errors.length) throw validationError(errors);
  }

  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    let productId = input.productId;
    let renewsLabelId: string | null = null;
    let defaultModels: string[] | undefined;

    if (input.route === 'renewal') {
      if (!input.renewsRegistrationNumber) throw validationError([{ pointer: '/renewsRegistrationNumber', detail: 'required for a renewal' }]);
      const label = await trx
        .selectFrom('labels')
        .selectAll()
        .where('registration_number', '=', canonicalRegistrationNumber(input.renewsRegistrationNumber))
        .executeTakeFirst();
      if (!label) throw new DomainError('NOT_FOUND', 'No such label');
      requireVendorScope(actor, label.vendor_id, 'label');
      if (label.level !== input.level) throw validationError([{ pointer: '/level', detail: `the label is level ${label.level}` }]);
      const state = labelStateAt(await loadLabelHistory(trx, label.id), now)!;
      const policy = { windowDays: ctx.catalog.jcStar.renewal?.windowDays ?? 90, validityMonths: level.validityMonths };
      if (state.status !== 'valid' || !isRenewalOpen(state.expiresAt, now, policy)) {
        const { opensAt } = renewalWindow(state.expiresAt, policy);
        throw new DomainError(
          'RENEWAL_WINDOW_CLOSED',
          state.status !== 'valid' ? `The label is ${state.status}` : `Renewal opens on ${opensAt.toISOString()} and closes at expiry`,
          [],
          { opensAt: opensAt.toISOString(), closesAt: state.expiresAt.toISOString(), currentStatus: state.status },
        );
      }
      const open = await trx
        .selectFrom('applications')
        .select('application_number')
        .where('renews_label_id', '=', label.id)
        .where('status', 'not in', ['issued', 'rejected', 'withdrawn'])
        .executeTakeFirst();
      if (open) throw new DomainError('RENEWAL_ALREADY_OPEN', `Renewal ${open.application_number} is already in progress`);
      productId = label.product_id;
      renewsLabelId = label.id;
      const rows = await trx.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', label.id).orderBy('position').execute();
      defaultModels = rows.map((r) => r.model_number);
    }

    if (!productId) throw validationError([{ pointer: '/productId', detail: 'required' }]);
    const product = await trx.selectFrom('products').select(['id', 'vendor_id', 'category']).where('id', '=', productId).executeTakeFirst();
    if (!product) throw new DomainError('NOT_FOUND', 'No such product');
    requireVendorScope(actor, product.vendor_id, 'product');
    // Above ★1 the criteria are category-specific.
    const criteria = ctx.catalog.currentCriteria(input.level, product.category);
    if (!criteria) throw new DomainError('CRITERIA_NOT_AVAILABLE', `No criteria are in force for level ${input.level} and category ${product.category}`);
    const evaluationBodyId = await assignEvaluationBody(ctx, trx, { level: input.level, category: product.category, evaluationBodyId: input.evaluationBodyId, today: jstDate(now) });
    const vendorId = product.vendor_id;
    const modelNumbers = input.modelNumbers ?? defaultModels ?? (await productModelNumbers(trx, productId));
    if (input.pstiStatement) {
      const errors = await pstiStatementErrors(trx, vendorId, input.pstiStatement, jstDate(now), false);
      if (errors.length) throw validationError(errors);
    }

    const serial = await nextSequenceValue(trx, sequenceName.application(jstYear(now)));
    const row = {
      id: ctx.newId(),
      application_number: formatApplicationNumber(jstYear(now), serial),
      vendor_id: vendorId,
      product_id: productId,
      level: input.level,
      route: input.route,
      renews_label_id: renewsLabelId,
      criteria_id: criteria.id,
      evaluation_body_id: evaluationBodyId,
      status: 'draft',
      acceptance_number: null,
      fee_jpy: null,
      fee_paid_at: null,
      payment_reference: null,
      label_id: null,
      created_by: actor.userId ?? 'system',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      submitted_at: null,
      version: 1,
    };
    if (!actor.userId) {
      // The CLI and demo loader act as the system; applications still name a creating user.
      const anyUser = await trx.selectFrom('users').select('id').where('vendor_id', '=', vendorId).orderBy('created_at').executeTakeFirst();
      if (!anyUser) throw new DomainError('VENDOR_REQUIRED', 'The vendor has no user to own the application');
      row.created_by = anyUser.id;
    }
    await trx.insertInto('applications').values(row).execute();
    await replaceApplicationModelNumbers(trx, row.id, modelNumbers);
    if (renewsLabelId) await copyPreviousChecklist(trx, renewsLabelId, row.id, criteria.id, now);
    if (input.pstiStatement) await savePstiStatement(trx, row.id, input.pstiStatement, now);
    await trx
      .insertInto('application_events')
      .values({ id: ctx.newId(), application_id: row.id, type: 'draft', at: row.created_at, actor_id: actor.userId, comment: null })
      .execute();
    await recordAudit(trx, ctx, actor, now, { action: 'application.created', entityType: 'application', entityId: row.id, after: { ...row, modelNumbers, ...(input.pstiStatement && { pstiStatement: input.pstiStatement }) } });
    return loadApplicationView(ctx, trx, row);
  });
}
