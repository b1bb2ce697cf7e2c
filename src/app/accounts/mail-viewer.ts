/**
 * The outbox as operator admins see it: the newest e-mails with their delivery status, and one
 * message's text. In a demo or development set-up without SMTP, e-mail stays in the outbox
 * ('caught') and this is the only way to follow a sign-up or reset link. When SMTP is configured
 * the mail really goes out, and the links in account e-mails (sign-up, reset, invitation) are
 * blanked here: they are credentials of their recipients, not of the operator.
 */
import { DomainError } from '../../domain/errors.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';

export const MAIL_VIEWER_LIMIT = 100;

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMessage extends OutboxSummary {
  text: string;
  attempts: number;
  lastError: string | null;
  /** True when link tokens were blanked (mail is really sent). */
  redacted: boolean;
}

function requireViewer(actor: Actor): void {
  requirePermission(actor, 'vendors:manage');
}

export async function listOutboxEmails(ctx: AppContext, actor: Actor): Promise<OutboxSummary[]> {
  requireViewer(actor);
  const rows = await ctx.db
    .selectFrom('outbox_emails')
    .select(['id', 'to_address', 'subject', 'kind', 'status', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MAIL_VIEWER_LIMIT)
    .execute();
  return rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, kind: r.kind, status: r.status, createdAt: r.created_at, sentAt: r.sent_at }));
}

export async function getOutboxEmail(ctx: AppContext, actor: Actor, id: string): Promise<OutboxMessage> {
  requireViewer(actor);
  const r = await ctx.db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new DomainError('NOT_FOUND', 'No such e-mail');
  const redacted = !!ctx.notify?.smtpUrl && r.kind.startsWith('account_');
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    kind: r.kind,
    status: r.status,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    text: redacted ? r.text_body.replace(/([?&]token=)[^\s&]+/g, '$1…') : r.text_body,
    attempts: r.attempts,
    lastError: r.last_error,
    redacted,
  };
}
