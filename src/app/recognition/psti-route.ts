/**
 * The simplified ★1 route for UK PSTI-compliant products (`route: "psti"`): which rule applies,
 * which requirements it recognises, and the statement of compliance stored with the application.
 * The rule is catalogue data (catalog/recognitions/uk-psti-to-jc-star-1.json), never code.
 */
import { DomainError } from '../../domain/errors.ts';
import { checkPstiStatement, type PstiStatement } from '../../domain/psti-statement.ts';
import { ruleInForce } from '../../domain/recognition.ts';
import { jstDate } from '../../domain/time.ts';
import type { Db } from '../../store/database.ts';
import type { ApplicationRow, PstiStatementRow } from '../../store/schema.ts';
import type { AppContext, Trx } from '../context.ts';
import type { FieldError } from '../../domain/errors.ts';

export const PSTI_ROUTE = 'psti';

/** The recognition rule of the PSTI route in force on a JST date, if any. */
export function pstiRuleOn(ctx: AppContext, date: string) {
  return ruleInForce(ctx.catalog.recognitions.values(), 'uk-psti', 'jc-star', date, PSTI_ROUTE);
}

/** The rule in force on `date` for this level; ROUTE_NOT_AVAILABLE when there is none. */
export function requirePstiRule(ctx: AppContext, level: number, date: string) {
  const rule = pstiRuleOn(ctx, date);
  if (!rule) throw new DomainError('ROUTE_NOT_AVAILABLE', `The PSTI route is not available on ${date}: no UK PSTI recognition rule is in force`);
  if (rule.target.level !== undefined && rule.target.level !== level) {
    throw new DomainError('ROUTE_NOT_AVAILABLE', `The PSTI route covers level ${rule.target.level} only`);
  }
  return rule;
}

export interface RecognisedRequirement {
  requirementId: string;
  ruleId: string;
  /** Always "recognised via UK PSTI": shown instead of a self-assessment. */
  basis: string;
}

/**
 * The requirements an application does not self-assess: on the PSTI route, those of the rule in
 * force on its first submission date (or today, before submission). Empty on other routes.
 */
export function recognisedRequirementsOf(ctx: AppContext, row: Pick<ApplicationRow, 'route' | 'submitted_at'>, date?: string): RecognisedRequirement[] {
  if (row.route !== PSTI_ROUTE) return [];
  const on = date ?? jstDate(row.submitted_at ? new Date(row.submitted_at) : ctx.clock.now());
  const rule = pstiRuleOn(ctx, on);
  return (rule?.recognizedRequirements ?? []).map((requirementId) => ({ requirementId, ruleId: rule!.id, basis: 'recognised via UK PSTI' }));
}

export interface PstiStatementView {
  productType: string | null;
  batch: string | null;
  manufacturerName: string | null;
  manufacturerAddress: string | null;
  declaration: boolean | null;
  supportPeriodEndsOn: string | null;
  signatoryName: string | null;
  signatoryFunction: string | null;
  placeOfIssue: string | null;
  dateOfIssue: string | null;
  documentUrl: string | null;
  isProxy: boolean;
  proxyNote: string | null;
  updatedAt: string;
}

const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

function toView(row: PstiStatementRow): PstiStatementView {
  return {
    productType: row.product_type,
    batch: row.batch,
    manufacturerName: row.manufacturer_name,
    manufacturerAddress: row.manufacturer_address,
    declaration: row.declaration === null ? null : row.declaration === 1,
    supportPeriodEndsOn: row.support_period_ends_on,
    signatoryName: row.signatory_name,
    signatoryFunction: row.signatory_function,
    placeOfIssue: row.place_of_issue,
    dateOfIssue: row.date_of_issue,
    documentUrl: row.document_url,
    isProxy: row.is_proxy === 1,
    proxyNote: row.proxy_note,
    updatedAt: row.updated_at,
  };
}

export async function loadPstiStatement(db: Db | Trx, applicationId: string): Promise<PstiStatementView | null> {
  const row = await db.selectFrom('psti_statements').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  return row ? toView(row) : null;
}

/** Replaces the application's statement (idempotent). */
export async function savePstiStatement(trx: Trx, applicationId: string, s: PstiStatement, now: Date): Promise<void> {
  const row: PstiStatementRow = {
    application_id: applicationId,
    product_type: text(s.productType),
    batch: text(s.batch),
    manufacturer_name: text(s.manufacturerName),
    manufacturer_address: text(s.manufacturerAddress),
    declaration: s.declaration === undefined || s.declaration === null ? null : s.declaration ? 1 : 0,
    support_period_ends_on: text(s.supportPeriodEndsOn),
    signatory_name: text(s.signatoryName),
    signatory_function: text(s.signatoryFunction),
    place_of_issue: text(s.placeOfIssue),
    date_of_issue: text(s.dateOfIssue),
    document_url: text(s.documentUrl),
    is_proxy: s.isProxy ? 1 : 0,
    proxy_note: text(s.proxyNote),
    updated_at: now.toISOString(),
  };
  await trx.deleteFrom('psti_statements').where('application_id', '=', applicationId).execute();
  await trx.insertInto('psti_statements').values(row).execute();
}

/** Field errors of a statement for this vendor at a JST date (see checkPstiStatement). */
export async function pstiStatementErrors(
  trx: Trx,
  vendorId: string,
  statement: PstiStatement | PstiStatementView | null,
  today: string,
  requireComplete: boolean,
): Promise<FieldError[]> {
  const vendor = await trx.selectFrom('vendors').select(['name_ja', 'name_en']).where('id', '=', vendorId).executeTakeFirstOrThrow();
  return checkPstiStatement(statement, { vendorNames: [vendor.name_en, vendor.name_ja], today, requireComplete });
}
