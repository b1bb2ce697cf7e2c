/**
 * Subscriptions, open to anyone without an account: by e-mail or webhook, to one product, one
 * vendor or everything, for chosen event types. Double opt-in: nothing is delivered until the
 * owner of the e-mail address opens the confirmation link (for webhooks too, so a stranger cannot
 * point our traffic at someone's endpoint anonymously, and so the owner can be told when it is
 * disabled). Webhook owners manage theirs with the token shown once at creation.
 */
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { checkWebhookUrl } from '../../notify/ssrf-guard.ts';
import { DEFAULT_NOTIFY_SETTINGS } from '../../notify/settings.ts';
import { newWebhookSecret } from '../../notify/webhook-sender.ts';
import type { AppContext } from '../context.ts';
import { SUBSCRIBABLE_EVENT_TYPES, type SubscribableEventType } from '../security-info/notification-events.ts';
import { inTransaction } from '../transaction.ts';
import { enqueueEmail } from './outbox.ts';
import { confirmationEmail } from './subscription-emails.ts';
import { newToken, tokenHash } from './subscription-tokens.ts';

export type SubscriptionScope = { type: 'all' } | { type: 'vendor'; vendorId: string } | { type: 'product'; registrationNumber: string };

export interface SubscribeInput {
  channel: 'email' | 'webhook';
  /** The subscriber's address (e-mail) or the owner's address (webhook). */
  email: string;
  url?: string;
  scope: SubscriptionScope;
  events: string[];
  locale?: 'ja' | 'en';
}

export interface SubscriptionView {
  id: string;
  channel: string;
  status: string;
  scope: { type: string; id: string | null };
  events: string[];
  url: string | null;
  createdAt: string;
  confirmedAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface CreatedSubscription {
  subscription: SubscriptionView;
  /** Webhooks only, shown once: the signing secret and the management token. */
  secret?: string;
  manageToken?: string;
}

const EMAIL = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;
/** At most this many subscriptions per address per day: confirmation mail must not become spam. */
export const SUBSCRIPTIONS_PER_ADDRESS_PER_DAY = 10;

export async function subscribe(ctx: AppContext, input: SubscribeInput): Promise<CreatedSubscription> {
  const errors: FieldError[] = [];
  const email = input.email?.trim().toLowerCase() ?? '';
  if (!EMAIL.test(email)) errors.push({ pointer: '/email', detail: 'must be an e-mail address' });
  const events = [...new Set(input.events ?? [])];
  if (events.length === 0) errors.push({ pointer: '/events', detail: `choose at least one of ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}` });
  events.forEach((e, i) => {
    if (!SUBSCRIBABLE_EVENT_TYPES.includes(e as SubscribableEventType)) errors.push({ pointer: `/events/${i}`, detail: `unknown event type; one of ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}` });
  });
  if (input.channel === 'webhook' && !input.url) errors.push({ pointer: '/url', detail: 'a webhook needs a URL' });
  if (input.channel === 'email' && input.url) errors.push({ pointer: '/url', detail: 'only webhooks have a URL' });
  if (errors.length) throw validationError(errors);
  const settings = ctx.notify ?? DEFAULT_NOTIFY_SETTINGS;
  // Refused before anything is stored (checked again at every delivery, against DNS rebinding).
  if (input.channel === 'webhook') await checkWebhookUrl(input.url!, settings);
  const locale = input.locale ?? 'ja';

  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const recent = await trx
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_email', '=', email)
      .where('created_at', '>', new Date(now.getTime() - 86_400_000).toISOString())
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= SUBSCRIPTIONS_PER_ADDRESS_PER_DAY) {
      throw new DomainError('RATE_LIMITED', 'Too many subscriptions for this address today', [], { retryAfterSeconds: 86_400 });
    }
    let scopeId: string | null = null;
    let scopeLabel = 'all labels / すべてのラベル';
    if (input.scope.type === 'vendor') {
      const vendor = await trx.selectFrom('vendors').select(['id', 'name_en']).where('id', '=', input.scope.vendorId).executeTakeFirst();
      if (!vendor) throw validationError([{ pointer: '/scope/vendorId', detail: 'no such vendor' }]);
      scopeId = vendor.id;
      scopeLabel = `vendor ${vendor.name_en}`;
    } else if (input.scope.type === 'product') {
      let rn: string;
      try {
        rn = canonicalRegistrationNumber(input.scope.registrationNumber);
      } catch {
        throw validationError([{ pointer: '/scope/registrationNumber', detail: 'not a registration number' }]);
      }
      const label = await trx.selectFrom('labels').select(['product_id', 'registration_number']).where('registration_number', '=', rn).executeTakeFirst();
      if (!label) throw validationError([{ pointer: '/scope/registrationNumber', detail: 'no label with this registration number' }]);
      scopeId = label.product_id;
      scopeLabel = `product of label ${label.registration_number}`;
    }
    const confirm = newToken('hsc');
    const manage = input.channel === 'webhook' ? newToken('hsm') : null;
    const secret = input.channel === 'webhook' ? newWebhookSecret() : null;
    const row = {
      id: ctx.newId(),
      channel: input.channel,
      email: input.channel === 'email' ? email : null,
      url: input.url ?? null,
      secret,
      owner_email: email,
      scope_type: input.scope.type,
      scope_id: scopeId,
      event_types: JSON.stringify(events),
      locale,
      status: 'pending',
      confirm_token_hash: tokenHash(confirm),
      manage_token_hash: manage ? tokenHash(manage) : null,
      unsubscribe_token: newToken('hsu'),
      failing_since: null,
      created_at: now.toISOString(),
      confirmed_at: null,
      disabled_at: null,
      disabled_reason: null,
      unsubscribed_at: null,
    };
    await trx.insertInto('subscriptions').values(row).execute();
    const mail = confirmationEmail({ baseUrl: ctx.publicBaseUrl, token: confirm, locale, channel: input.channel, scope: scopeLabel, events, url: row.url });
    await enqueueEmail(ctx, trx, { to: email, subject: mail.subject, text: mail.text, kind: 'subscription_confirm', headers: mail.headers }, now);
    const created: CreatedSubscription = { subscription: toView(row) };
    if (secret && manage) Object.assign(created, { secret, manageToken: manage });
    return created;
  });
}

/** Opens the subscription named by a confirmation token (idempotent: a second click is fine). */
export async function confirmSubscription(ctx: AppContext, token: string): Promise<SubscriptionView> {
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('subscriptions').selectAll().where('confirm_token_hash', '=', tokenHash(token ?? '')).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'This confirmation link is not valid');
    if (row.status === 'pending') {
      const now = ctx.clock.now().toISOString();
      await trx.updateTable('subscriptions').set({ status: 'active', confirmed_at: now }).where('id', '=', row.id).where('status', '=', 'pending').execute();
      return toView({ ...row, status: 'active', confirmed_at: now });
    }
    return toView(row);
  });
}

/** Ends the subscription named by an unsubscribe token (idempotent; RFC 8058 one-click). */
export async function unsubscribe(ctx: AppContext, token: string): Promise<SubscriptionView> {
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('subscriptions').selectAll().where('unsubscribe_token', '=', token ?? '').executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid');
    if (row.status === 'unsubscribed') return toView(row);
    const now = ctx.clock.now().toISOString();
    await trx.updateTable('subscriptions').set({ status: 'unsubscribed', unsubscribed_at: now }).where('id', '=', row.id).execute();
    await trx.updateTable('deliveries').set({ status: 'cancelled', locked_until: null }).where('subscription_id', '=', row.id).where('status', '=', 'pending').execute();
    // Notices already queued (fan-out keys them `notify:<subscription>:<event>`) are not sent
    // either: after unsubscribing nothing more arrives, even if the mail server was slow.
    await trx
      .updateTable('outbox_emails')
      .set({ status: 'cancelled', locked_until: null, last_error: 'unsubscribed' })
      .where('dedupe_key', 'like', `notify:${row.id}:%`)
      .where('status', '=', 'pending')
      .execute();
    return toView({ ...row, status: 'unsubscribed' });
  });
}

export function toView(row: {
  id: string; channel: string; status: string; scope_type: string; scope_id: string | null; event_types: string; url: string | null;
  created_at: string; confirmed_at: string | null; disabled_at: string | null; disabled_reason: string | null;
}): SubscriptionView {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    scope: { type: row.scope_type, id: row.scope_id },
    events: JSON.parse(row.event_types) as string[],
    url: row.url,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  };
}
