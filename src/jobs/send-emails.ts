/**
 * Sends due outbox e-mails. Every e-mail the system sends is first an outbox row written in the
 * transaction of its cause; this worker claims rows with a lease and hands them to the mailer.
 * A temporary failure (network, SMTP 4xx) is retried with growing delays; a permanent refusal
 * (SMTP 5xx) or too many tries marks the row failed. Without SMTP the row becomes 'caught'.
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../app/context.ts';
import type { OutboxEmailsTable } from '../store/schema.ts';
import type { Mailer } from '../notify/mailer.ts';
import { backoffMs, type NotifySettings } from '../notify/settings.ts';
import { claimDue, settleAll } from './queue.ts';

/** Tries per e-mail; with a 1-minute base the last try is about 8½ hours after the first. */
export const EMAIL_MAX_ATTEMPTS = 10;
export const EMAIL_BACKOFF_BASE_MS = 60_000;

type OutboxEmail = Selectable<OutboxEmailsTable>;

/** Claims up to `limit` due e-mails (default 10), tries each once, and returns how many. */
export async function processDueEmails(ctx: AppContext, mailer: Mailer, settings: NotifySettings, options: { limit?: number } = {}): Promise<number> {
  const claimed = await claimDue(ctx.db, 'outbox_emails', { now: ctx.clock.now(), leaseMs: settings.leaseMs, limit: options.limit ?? 10 });
  await settleAll(claimed, (email) => sendOne(ctx, mailer, email));
  return claimed.length;
}

/** The stored extra headers; a malformed column is a permanent failure, not something to retry. */
function parseHeaders(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw Object.assign(new Error('the headers column is not a JSON object'), { permanent: true });
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** SMTP 5xx is a permanent refusal (no such mailbox, policy); retrying will not help. */
function isPermanent(error: unknown): boolean {
  const e = error as { responseCode?: number; permanent?: boolean };
  return e.permanent === true || (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600);
}

async function sendOne(ctx: AppContext, mailer: Mailer, email: OutboxEmail): Promise<void> {
  const lease = email.locked_until!;
  const attempts = email.attempts + 1;
  const finish = (values: Partial<Pick<OutboxEmail, 'status' | 'next_attempt_at' | 'last_error' | 'message_id' | 'sent_at'>>) =>
    ctx.db
      .updateTable('outbox_emails')
      .set({ ...values, attempts, locked_until: null })
      .where('id', '=', email.id)
      .where('locked_until', '=', lease)
      .where('status', '=', 'pending')
      .execute();
  try {
    const outcome = await mailer.send({ id: email.id, to: email.to_address, subject: email.subject, text: email.text_body, headers: parseHeaders(email.headers) });
    const now = ctx.clock.now().toISOString();
    await finish(outcome.caught
      ? { status: 'caught', message_id: outcome.messageId, last_error: null }
      : { status: 'sent', message_id: outcome.messageId, sent_at: now, last_error: null });
  } catch (error) {
    const now = ctx.clock.now();
    const message = ((error as Error).message || String(error)).slice(0, 1000);
    const gaveUp = isPermanent(error) || attempts >= EMAIL_MAX_ATTEMPTS;
    await finish({
      status: gaveUp ? 'failed' : 'pending',
      last_error: message,
      next_attempt_at: gaveUp ? email.next_attempt_at : new Date(now.getTime() + backoffMs(attempts, EMAIL_BACKOFF_BASE_MS)).toISOString(),
    });
  }
}
