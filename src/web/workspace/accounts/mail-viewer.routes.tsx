/**
 * /console/mail: the outbox for operator admins, for demos and development where no SMTP server
 * is configured and e-mail is only kept ('caught'): the newest messages and one message's text,
 * so a sign-up, reset or invitation link can be followed. See the mail-viewer use case for what is
 * blanked when mail is really sent.
 */
import type { FastifyInstance } from 'fastify';
import { getOutboxEmail, listOutboxEmails, MAIL_VIEWER_LIMIT, type OutboxMessage, type OutboxSummary } from '../../../app/accounts/mail-viewer.ts';
import { type ViewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { accountPage } from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

function ListMain({ view, mails, redacted }: { view: ViewContext; mails: OutboxSummary[]; redacted: boolean }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block">
      <h1 class="page-title" safe>{m.mailTitle}</h1>
      <p safe>{m.mailIntro(MAIL_VIEWER_LIMIT)}</p>
      {redacted ? <p class="muted" safe>{m.mailRedactedNote}</p> : ''}
      {mails.length === 0 ? <p class="muted" safe>{m.noMail}</p> : (
        <ul class="plain-list mail-list">
          {mails.map((mail) => (
            <li class="mail-list__item">
              <a href={`/console/mail/${mail.id}`} safe>{mail.subject}</a>
              <br />
              <span class="muted" safe>{`${m.to}: ${mail.to} · ${mail.kind} · ${mail.status} · ${when(mail.createdAt)}`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MessageView({ view, mail }: { view: ViewContext; mail: OutboxMessage }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block">
      <h1 class="page-title" safe>{mail.subject}</h1>
      <dl class="mail-meta">
        <dt safe>{m.to}</dt><dd safe>{mail.to}</dd>
        <dt safe>{m.kind}</dt><dd safe>{mail.kind}</dd>
        <dt safe>{m.status}</dt><dd safe>{mail.status}</dd>
        <dt safe>{m.created}</dt><dd safe>{when(mail.createdAt)}</dd>
        <dt safe>{m.sent}</dt><dd safe>{when(mail.sentAt)}</dd>
        <dt safe>{m.attempts}</dt><dd safe>{String(mail.attempts)}</dd>
        {mail.lastError ? <><dt safe>{m.lastError}</dt><dd safe>{mail.lastError}</dd></> : ''}
      </dl>
      {mail.redacted ? <p class="muted" safe>{m.mailRedactedNote}</p> : ''}
      <pre class="mail-text" safe>{mail.text}</pre>
      <p><a href="/console/mail" safe>{m.backToList}</a></p>
    </section>
  );
}

export async function mailViewerRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const route = { config: { permission: 'vendors:manage' as const }, schema: { hide: true } };

  app.get('/console/mail', route, async (request, reply) => {
    const mails = await listOutboxEmails(ctx, request.actor!);
    const redacted = !!ctx.notify?.smtpUrl;
    return accountPage(request, reply, deps, (view, m) => ({ title: m.mailTitle, main: ListMain({ view, mails, redacted }) }), { area: 'console' });
  });

  app.get('/console/mail/:id', route, async (request, reply) => {
    const mail = await getOutboxEmail(ctx, request.actor!, (request.params as { id: string }).id);
    return accountPage(request, reply, deps, (view) => ({ title: mail.subject, main: MessageView({ view, mail }) }), { area: 'console' });
  });
}
