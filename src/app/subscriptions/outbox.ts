/**
 * Puts an e-mail into the outbox inside the caller's transaction. Nothing is sent from a request:
 * the job worker sends (or, without SMTP, catches) it, so a slow or failing mail server never
 * fails or delays a registry write, and a committed write never loses its e-mail.
 */
import type { AppContext, Trx } from '../context.ts';

export interface NewEmail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  headers?: Record<string, string>;
  /** The same key twice sends once (reminders swept by several processes). */
  dedupeKey?: string;
}

export async function enqueueEmail(ctx: AppContext, trx: Trx, email: NewEmail, now: Date): Promise<void> {
  await trx
    .insertInto('outbox_emails')
    .values({
      id: ctx.newId(),
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      headers: JSON.stringify(email.headers ?? {}),
      kind: email.kind,
      status: 'pending',
      next_attempt_at: now.toISOString(),
      locked_until: null,
      last_error: null,
      message_id: null,
      created_at: now.toISOString(),
      sent_at: null,
      dedupe_key: email.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
