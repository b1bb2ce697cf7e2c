import { corporateNumberProblem, normalizeCorporateNumber } from '../../domain/corporate-number.ts';
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';
import { toVendorView, type VendorView } from './vendor-view.ts';

export interface CreateVendorInput {
  nameJa: string;
  nameEn: string;
  address: string;
  /** ISO 3166-1 alpha-2, e.g. JP, GB. */
  country: string;
  /** 法人番号. Required for Japanese organisations unless `legalEntityProof` is given. */
  corporateNumber?: string | null;
  /** Another legal-entity proof (e.g. a foreign registry id) when there is no corporate number. */
  legalEntityProof?: string | null;
  website?: string | null;
  isDemo?: boolean;
}

/** Registers a vendor organisation. Operator admins only. */
export async function createVendor(ctx: AppContext, actor: Actor, input: CreateVendorInput): Promise<VendorView> {
  requirePermission(actor, 'vendors:manage');
  const errors: FieldError[] = [];
  const country = input.country.toUpperCase();
  let corporateNumber: string | null = null;
  if (input.corporateNumber) {
    const problem = corporateNumberProblem(input.corporateNumber);
    if (problem) errors.push({ pointer: '/corporateNumber', detail: `corporate number ${problem}` });
    else corporateNumber = normalizeCorporateNumber(input.corporateNumber);
  } else if (!input.legalEntityProof?.trim()) {
    errors.push({
      pointer: country === 'JP' ? '/corporateNumber' : '/legalEntityProof',
      detail: 'give a Japanese corporate number or another legal-entity proof',
    });
  }
  if (errors.length) throw validationError(errors);

  const now = ctx.clock.now();
  const row = {
    id: ctx.newId(),
    name_ja: input.nameJa.trim(),
    name_en: input.nameEn.trim(),
    address: input.address.trim(),
    country,
    corporate_number: corporateNumber,
    legal_entity_proof: input.legalEntityProof?.trim() || null,
    website: input.website ?? null,
    is_demo: input.isDemo ? 1 : 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  try {
    await inTransaction(ctx, async (trx) => {
      await trx.insertInto('vendors').values(row).execute();
      await recordAudit(trx, ctx, actor, now, { action: 'vendor.created', entityType: 'vendor', entityId: row.id, after: row });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('CORPORATE_NUMBER_TAKEN', `Corporate number ${corporateNumber} is already registered`);
    throw error;
  }
  return toVendorView(row);
}
