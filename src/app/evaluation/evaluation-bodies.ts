/**
 * Evaluation bodies: organisations accredited (ASNITE, ISO/IEC 17025) to evaluate products for ★3
 * and ★4, registered by an operator admin with their accreditation number, scope (categories ×
 * levels) and accreditation period. The list is public: vendors choose from it, and the public
 * label names the body that evaluated the product.
 */
import { normaliseScope, type Accreditation } from '../../domain/evaluation-body.ts';
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { isValidIsoDate } from '../../domain/time.ts';
import type { Db } from '../../store/database.ts';
import type { EvaluationBodyRow } from '../../store/schema.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext, type Trx } from '../context.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';

export interface EvaluationBodyInput {
  nameJa: string;
  nameEn: string;
  /** The accreditation number, e.g. "ASNITE 0123 T". Unique. */
  accreditationNumber: string;
  /** Defaults to "ASNITE (NITE), ISO/IEC 17025". */
  accreditationBasis?: string;
  /** YYYY-MM-DD, inclusive (JST). */
  accreditedFrom: string;
  accreditedUntil: string;
  scope: Array<{ category: string; level: number }>;
  website?: string | null;
  isDemo?: boolean;
}

export interface EvaluationBodyView {
  id: string;
  name: { ja: string; en: string };
  accreditationNumber: string;
  accreditationBasis: string;
  accreditedFrom: string;
  accreditedUntil: string;
  scope: Array<{ category: string; level: number }>;
  website: string | null;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_ACCREDITATION_BASIS = 'ASNITE (NITE), ISO/IEC 17025';

function toView(row: EvaluationBodyRow, scope: Array<{ category: string; level: number }>): EvaluationBodyView {
  return {
    id: row.id,
    name: { ja: row.name_ja, en: row.name_en },
    accreditationNumber: row.accreditation_number,
    accreditationBasis: row.accreditation_basis,
    accreditedFrom: row.accredited_from,
    accreditedUntil: row.accredited_until,
    scope,
    website: row.website,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The accreditation facts the domain rules check. */
export function accreditationOf(body: EvaluationBodyView, lang: 'ja' | 'en' = 'en'): Accreditation {
  return { name: body.name[lang], accreditationNumber: body.accreditationNumber, accreditedFrom: body.accreditedFrom, accreditedUntil: body.accreditedUntil, scope: body.scope };
}

/** One body with its scope, or undefined. */
export async function findEvaluationBody(db: Db | Trx, id: string): Promise<EvaluationBodyView | undefined> {
  const row = await db.selectFrom('evaluation_bodies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const scope = await db.selectFrom('evaluation_body_scopes').select(['category', 'level']).where('evaluation_body_id', '=', id).orderBy('category').orderBy('level').execute();
  return toView(row, scope);
}

/** Every registered body, by English name (public). */
export async function listEvaluationBodies(ctx: AppContext): Promise<EvaluationBodyView[]> {
  const [rows, scopes] = await Promise.all([
    ctx.db.selectFrom('evaluation_bodies').selectAll().orderBy('name_en').orderBy('id').execute(),
    ctx.db.selectFrom('evaluation_body_scopes').selectAll().orderBy('category').orderBy('level').execute(),
  ]);
  return rows.map((row) => toView(row, scopes.filter((s) => s.evaluation_body_id === row.id).map((s) => ({ category: s.category, level: s.level }))));
}

export async function getEvaluationBody(ctx: AppContext, id: string): Promise<EvaluationBodyView> {
  const body = await findEvaluationBody(ctx.db, id);
  if (!body) throw new DomainError('NOT_FOUND', 'No such evaluation body');
  return body;
}

function inputErrors(ctx: AppContext, input: Partial<EvaluationBodyInput>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['accreditedFrom', 'accreditedUntil'] as const) {
    const value = input[field];
    if (value !== undefined && !isValidIsoDate(value)) errors.push({ pointer: `/${field}`, detail: 'must be a date YYYY-MM-DD' });
  }
  if (input.accreditedFrom && input.accreditedUntil && input.accreditedUntil < input.accreditedFrom) {
    errors.push({ pointer: '/accreditedUntil', detail: 'must not be before accreditedFrom' });
  }
  input.scope?.forEach((s, i) => {
    if (!ctx.catalog.jcStar.categories.some((c) => c.id === s.category)) errors.push({ pointer: `/scope/${i}/category`, detail: `unknown category ${JSON.stringify(s.category)}` });
    if (ctx.catalog.level(s.level)?.assessment !== 'third-party') errors.push({ pointer: `/scope/${i}/level`, detail: 'only third-party levels (★3, ★4) are evaluated by a body' });
  });
  return errors;
}

async function writeScope(trx: Trx, id: string, scope: Array<{ category: string; level: number }>): Promise<void> {
  await trx.deleteFrom('evaluation_body_scopes').where('evaluation_body_id', '=', id).execute();
  const rows = normaliseScope(scope).map((s) => ({ evaluation_body_id: id, ...s }));
  if (rows.length) await trx.insertInto('evaluation_body_scopes').values(rows).execute();
}

/** Registers an evaluation body (operator admin). */
export async function createEvaluationBody(ctx: AppContext, actor: Actor, input: EvaluationBodyInput): Promise<EvaluationBodyView> {
  requirePermission(actor, 'evaluation-bodies:manage');
  const errors = inputErrors(ctx, input);
  if (errors.length) throw validationError(errors);
  const now = ctx.clock.now().toISOString();
  const row = {
    id: ctx.newId(),
    name_ja: input.nameJa.trim(),
    name_en: input.nameEn.trim(),
    accreditation_number: input.accreditationNumber.trim(),
    accreditation_basis: input.accreditationBasis?.trim() || DEFAULT_ACCREDITATION_BASIS,
    accredited_from: input.accreditedFrom,
    accredited_until: input.accreditedUntil,
    website: input.website ?? null,
    is_demo: input.isDemo ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  try {
    return await inTransaction(ctx, async (trx) => {
      await trx.insertInto('evaluation_bodies').values(row).execute();
      await writeScope(trx, row.id, input.scope);
      const view = (await findEvaluationBody(trx, row.id))!;
      await recordAudit(trx, ctx, actor, new Date(now), { action: 'evaluation_body.created', entityType: 'evaluation_body', entityId: row.id, after: view });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validationError([{ pointer: '/accreditationNumber', detail: 'another evaluation body has this accreditation number' }]);
    throw error;
  }
}

/** Changes a body's accreditation: renewed or shortened period, new scope (operator admin). */
export async function updateEvaluationBody(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: Partial<Pick<EvaluationBodyInput, 'accreditedFrom' | 'accreditedUntil' | 'scope' | 'website'>>,
): Promise<EvaluationBodyView> {
  requirePermission(actor, 'evaluation-bodies:manage');
  return inTransaction(ctx, async (trx) => {
    const before = await findEvaluationBody(trx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'No such evaluation body');
    const merged = { accreditedFrom: input.accreditedFrom ?? before.accreditedFrom, accreditedUntil: input.accreditedUntil ?? before.accreditedUntil, scope: input.scope };
    const errors = inputErrors(ctx, merged);
    if (errors.length) throw validationError(errors);
    const now = ctx.clock.now();
    await trx
      .updateTable('evaluation_bodies')
      .set({ accredited_from: merged.accreditedFrom, accredited_until: merged.accreditedUntil, ...(input.website !== undefined && { website: input.website }), updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    if (input.scope) await writeScope(trx, id, input.scope);
    const after = (await findEvaluationBody(trx, id))!;
    await recordAudit(trx, ctx, actor, now, { action: 'evaluation_body.updated', entityType: 'evaluation_body', entityId: id, before, after });
    return after;
  });
}
