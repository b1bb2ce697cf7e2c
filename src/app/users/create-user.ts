import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { isEvaluatorRole, isVendorRole, ROLES, type Role } from '../../domain/roles.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';
import { toUserView, type UserView } from './user-view.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreateUserInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  /** Required for vendor roles, forbidden for operator roles. */
  vendorId?: string | null;
  /** Required for the evaluator role (its evaluation body), forbidden for every other role. */
  evaluationBodyId?: string | null;
}

/**
 * Creates a user. Operator admins create anyone; a vendor admin creates users of its own vendor
 * with vendor roles only. An evaluator belongs to an evaluation body instead of a vendor.
 */
export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<UserView> {
  requirePermission(actor, 'users:manage');
  const errors: FieldError[] = [];
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) errors.push({ pointer: '/email', detail: 'must be an e-mail address' });
  if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH) {
    errors.push({ pointer: '/password', detail: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` });
  }
  if (!ROLES.includes(input.role)) errors.push({ pointer: '/role', detail: `must be one of ${ROLES.join(', ')}` });
  if (errors.length) throw validationError(errors);

  const vendorId = input.vendorId ?? null;
  if (isVendorRole(input.role) !== (vendorId !== null)) {
    throw new DomainError('VENDOR_REQUIRED', isVendorRole(input.role) ? 'Vendor roles need a vendorId' : 'Operator roles must not have a vendorId');
  }
  if (actor.role === 'vendor_admin' && (vendorId !== actor.vendorId || !isVendorRole(input.role))) {
    throw new DomainError('FORBIDDEN', 'Vendor admins add users to their own vendor, with vendor roles');
  }
  if (vendorId) {
    const vendor = await ctx.db.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst();
    if (!vendor) throw validationError([{ pointer: '/vendorId', detail: 'no such vendor' }]);
  }
  const evaluationBodyId = input.evaluationBodyId ?? null;
  if (isEvaluatorRole(input.role) !== (evaluationBodyId !== null)) {
    throw validationError([{ pointer: '/evaluationBodyId', detail: isEvaluatorRole(input.role) ? 'an evaluator needs the evaluation body they work for' : 'only evaluators belong to an evaluation body' }]);
  }
  if (evaluationBodyId) {
    const body = await ctx.db.selectFrom('evaluation_bodies').select('id').where('id', '=', evaluationBodyId).executeTakeFirst();
    if (!body) throw validationError([{ pointer: '/evaluationBodyId', detail: 'no such evaluation body' }]);
  }

  const now = ctx.clock.now();
  const row = {
    id: ctx.newId(),
    email,
    display_name: input.displayName.trim() || email,
    password_hash: await ctx.passwords.hash(input.password),
    role: input.role,
    vendor_id: vendorId,
    evaluation_body_id: evaluationBodyId,
    created_at: now.toISOString(),
    disabled_at: null,
  };
  try {
    await inTransaction(ctx, async (trx) => {
      await trx.insertInto('users').values(row).execute();
      const { password_hash: _omit, ...after } = row;
      await recordAudit(trx, ctx, actor, now, { action: 'user.created', entityType: 'user', entityId: row.id, after });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('EMAIL_TAKEN', `${email} is already registered`);
    throw error;
  }
  return toUserView(row);
}
