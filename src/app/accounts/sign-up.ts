/**
 * Vendor sign-up: an organisation and its first user, a vendor_admin, created in one transaction.
 * The user cannot log in until the link in the verification e-mail is followed. The answer is the
 * same whether or not the e-mail address already has an account (no account enumeration): an
 * existing address gets an e-mail saying so, and one still waiting for verification gets a fresh
 * link; the accepted answer also takes the same time (answer-floor.ts). Sign-ups are rate limited
 * per IP address and per e-mail address.
 */
import { corporateNumberProblem, normalizeCorporateNumber } from '../../domain/corporate-number.ts';
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { SYSTEM_ACTOR, type Actor, type AppContext } from '../context.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';
import { enqueueEmail } from '../subscriptions/outbox.ts';
import { DISPLAY_NAME_MAX, emailProblems, normalizeEmail, passwordProblems, textProblems } from './account-input.ts';
import { accountExistsEmail, verificationEmail, type MailLang } from './account-emails.ts';
import { answerNoSoonerThan } from './answer-floor.ts';
import { accountLink, issueAccountToken } from './account-tokens.ts';
import { LIMITS, takeRateLimits } from './rate-limit.ts';
import { discardStaleSignup, signupState } from './stale-signups.ts';

export interface SignUpInput {
  nameJa: string;
  nameEn: string;
  address: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** 法人番号; required for Japanese organisations unless `legalEntityProof` is given. */
  corporateNumber?: string | null;
  legalEntityProof?: string | null;
  website?: string | null;
  displayName: string;
  email: string;
  password: string;
  /** Language of the e-mails (both are included; this one first). */
  lang: MailLang;
}

/** Always the same, so the answer does not reveal whether the address had an account. */
export interface SignUpAnswer {
  email: string;
}

function vendorProblems(input: SignUpInput): FieldError[] {
  const errors: FieldError[] = [
    ...textProblems(input.nameJa, '/nameJa', 200),
    ...textProblems(input.nameEn, '/nameEn', 200),
    ...textProblems(input.address, '/address', 500),
  ];
  const country = (input.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.push({ pointer: '/country', detail: 'must be a two-letter country code (ISO 3166-1), e.g. JP' });
  if (input.corporateNumber?.trim()) {
    const problem = corporateNumberProblem(input.corporateNumber);
    if (problem) errors.push({ pointer: '/corporateNumber', detail: `corporate number ${problem}` });
  } else if (!input.legalEntityProof?.trim()) {
    errors.push({ pointer: country === 'JP' ? '/corporateNumber' : '/legalEntityProof', detail: 'give a Japanese corporate number or another legal-entity proof' });
  }
  errors.push(...textProblems(input.legalEntityProof, '/legalEntityProof', 500, false));
  const website = input.website?.trim();
  if (website && (!/^https?:\/\/[^\s/]+/i.test(website) || website.length > 500)) errors.push({ pointer: '/website', detail: 'must be an http(s) address' });
  return errors;
}

export async function signUpVendor(ctx: AppContext, input: SignUpInput, request: { ip: string }): Promise<SignUpAnswer> {
  const startedAt = performance.now();
  const email = normalizeEmail(input.email);
  const errors = [...vendorProblems(input), ...textProblems(input.displayName, '/displayName', DISPLAY_NAME_MAX), ...emailProblems(email), ...passwordProblems(input.password)];
  if (errors.length) throw validationError(errors);
  const corporateNumber = input.corporateNumber?.trim() ? normalizeCorporateNumber(input.corporateNumber) : null;
  // Hashed on every path, so the time taken does not tell an existing address from a new one.
  const passwordHash = await ctx.passwords.hash(input.password);
  const now = ctx.clock.now();

  // A corporate number is public: saying it is taken reveals nothing about anyone's e-mail.
  const holder = corporateNumber
    ? await ctx.db.selectFrom('vendors').leftJoin('signups', 'signups.vendor_id', 'vendors.id').select(['vendors.id', 'signups.user_id']).where('vendors.corporate_number', '=', corporateNumber).executeTakeFirst()
    : undefined;
  if (holder && !(holder.user_id && (await inTransaction(ctx, (trx) => signupState(ctx, trx, holder.user_id!, now))) === 'stale')) {
    throw new DomainError('CORPORATE_NUMBER_TAKEN', `Corporate number ${corporateNumber} is already registered`);
  }

  await takeRateLimits(ctx, [[LIMITS.signupPerIp, request.ip], [LIMITS.signupPerEmail, email]]);

  const organisation = input.lang === 'ja' ? input.nameJa.trim() : input.nameEn.trim();
  try {
    await inTransaction(ctx, async (trx) => {
      if (holder?.user_id) await discardStaleSignup(ctx, trx, holder.user_id, now);
      const existing = await trx.selectFrom('users').select(['id', 'role', 'vendor_id']).where('email', '=', email).executeTakeFirst();
      if (existing) {
        const state = await signupState(ctx, trx, existing.id, now);
        // Nobody is signed in: the visitor acts anonymously, recorded as the system.
        const actor = SYSTEM_ACTOR;
        if (state === 'pending') {
          const signup = await trx.selectFrom('signups').innerJoin('vendors', 'vendors.id', 'signups.vendor_id').select(['vendors.name_ja', 'vendors.name_en']).where('signups.user_id', '=', existing.id).executeTakeFirstOrThrow();
          const token = await issueAccountToken(ctx, trx, existing.id, 'verify_email', now);
          await enqueueEmail(ctx, trx, verificationEmail(email, input.lang, accountLink(ctx.publicBaseUrl, '/verify-email', token), input.lang === 'ja' ? signup.name_ja : signup.name_en), now);
          await recordAudit(trx, ctx, actor, now, { action: 'signup.verification_resent', entityType: 'user', entityId: existing.id });
          return;
        }
        if (state === 'verified') {
          await enqueueEmail(ctx, trx, accountExistsEmail(email, input.lang, ctx.publicBaseUrl), now);
          await recordAudit(trx, ctx, actor, now, { action: 'signup.refused_existing_email', entityType: 'user', entityId: existing.id });
          return;
        }
        await discardStaleSignup(ctx, trx, existing.id, now);
      }
      const vendor = {
        id: ctx.newId(),
        name_ja: input.nameJa.trim(),
        name_en: input.nameEn.trim(),
        address: input.address.trim(),
        country: input.country.trim().toUpperCase(),
        corporate_number: corporateNumber,
        legal_entity_proof: input.legalEntityProof?.trim() || null,
        website: input.website?.trim() || null,
        is_demo: 0,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      const user = {
        id: ctx.newId(),
        email,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        role: 'vendor_admin',
        vendor_id: vendor.id,
        created_at: now.toISOString(),
        disabled_at: null,
      };
      const actor: Actor = { userId: user.id, role: 'vendor_admin', vendorId: vendor.id };
      await trx.insertInto('vendors').values(vendor).execute();
      await trx.insertInto('users').values(user).execute();
      await trx.insertInto('signups').values({ user_id: user.id, vendor_id: vendor.id, created_at: now.toISOString(), verified_at: null }).execute();
      const token = await issueAccountToken(ctx, trx, user.id, 'verify_email', now);
      await enqueueEmail(ctx, trx, verificationEmail(email, input.lang, accountLink(ctx.publicBaseUrl, '/verify-email', token), organisation), now);
      await recordAudit(trx, ctx, actor, now, { action: 'vendor.created', entityType: 'vendor', entityId: vendor.id, after: { ...vendor, via: 'signup' } });
      const { password_hash: _omit, ...userAfter } = user;
      await recordAudit(trx, ctx, actor, now, { action: 'user.created', entityType: 'user', entityId: user.id, after: { ...userAfter, via: 'signup', emailVerified: false } });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Someone else registered the number or the address a moment ago.
    if (/corporate_number/i.test(String((error as Error).message))) throw new DomainError('CORPORATE_NUMBER_TAKEN', `Corporate number ${corporateNumber} is already registered`);
  }
  return answerNoSoonerThan(startedAt, { email });
}
