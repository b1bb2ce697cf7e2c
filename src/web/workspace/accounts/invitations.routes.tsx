/**
 * Accepting an invitation in the browser: the link from the invitation e-mail opens a form for
 * the invitee's name and password; the account is created verified, with the invited role, and
 * the invitee logs in. The invitation use cases decide everything.
 */
import type { FastifyInstance } from 'fastify';
import { acceptInvitation, checkInvitation } from '../../../app/accounts/invitations.ts';
import { roleName } from '../../../app/accounts/role-names.ts';
import type { Role } from '../../../domain/roles.ts';
import { CsrfField, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { accountPage, Errors, Field, formErrors, isFormRefusal, messagePage, NO_ERRORS, orInvalidLink, queryValue, type FormErrors } from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

interface Invitation {
  email: string;
  role: Role;
  team: { ja: string; en: string };
}

function AcceptMain({ view, token, invitation, displayName, errors }: { view: ViewContext; token: string; invitation: Invitation; displayName: string; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.acceptTitle}</h1>
      <p safe>{m.acceptIntro(invitation.team[view.lang], roleName(invitation.role)[view.lang], invitation.email)}</p>
      <Errors errors={errors} view={view} />
      <form class="form" method="post" action="/invitations/accept" novalidate>
        <CsrfField token={view.csrf} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" value={invitation.email} autocomplete="username" />
        <Field name="displayName" label={m.displayName} errors={errors} value={displayName} required maxlength={100} autocomplete="name" />
        <Field name="password" label={m.password} hint={m.passwordHint} errors={errors} type="password" required maxlength={256} autocomplete="new-password" />
        <button class="button button--primary" type="submit" safe>{m.createAccount}</button>
      </form>
    </section>
  );
}

export async function invitationRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;

  app.get('/invitations/accept', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = queryValue(request, 'token');
    const link = await orInvalidLink(request, reply, deps, () => checkInvitation(ctx, token));
    if ('page' in link) return link.page;
    return accountPage(request, reply, deps, (view, m) => ({ title: m.acceptTitle, main: AcceptMain({ view, token, invitation: link.ok, displayName: '', errors: NO_ERRORS }) }));
  });

  app.post('/invitations/accept', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = formValue(request.body, 'token') ?? '';
    const displayName = formValue(request.body, 'displayName') ?? '';
    const done = await orInvalidLink(request, reply, deps, async () => {
      try {
        await acceptInvitation(ctx, token, { displayName, password: formValue(request.body, 'password') ?? '' });
        return { kind: 'created' as const };
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        return { kind: 'refused' as const, refused: error, invitation: await checkInvitation(ctx, token) };
      }
    });
    if ('page' in done) return done.page;
    if (done.ok.kind === 'refused') {
      const { refused, invitation } = done.ok;
      return accountPage(request, reply, deps, (view, m) => ({ title: m.acceptTitle, main: AcceptMain({ view, token, invitation, displayName, errors: formErrors(refused, view.lang) }) }), { status: refused.code === 'EMAIL_TAKEN' ? 409 : 400 });
    }
    return messagePage(request, reply, deps, (m) => ({ title: m.acceptedTitle, paragraphs: [m.acceptedBody] }), { toLogin: true });
  });
}
