/**
 * Password reset in the browser. Asking for a link always gets the same page, whether or not the
 * address has an account. The link opens a form for the new password; setting it ends every
 * session of the account. Both steps are the password-reset use cases, nothing more.
 */
import type { FastifyInstance } from 'fastify';
import { checkResetLink, requestPasswordReset, resetPassword } from '../../../app/accounts/password-reset.ts';
import { DomainError } from '../../../domain/errors.ts';
import { CsrfField, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import {
  accountPage, clientIp, Errors, Field, formErrors, formMessage, isFormRefusal, messagePage, NO_ERRORS, orInvalidLink, pageLang, queryValue, retryMinutes, type FormErrors,
} from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

function RequestMain({ view, email, errors }: { view: ViewContext; email: string; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.resetTitle}</h1>
      <p safe>{m.resetIntro}</p>
      <Errors errors={errors} view={view} />
      <form class="form" method="post" action="/password-reset" novalidate>
        <CsrfField token={view.csrf} />
        <Field name="email" label={m.email} errors={errors} value={email} type="email" required maxlength={254} autocomplete="email" />
        <button class="button button--primary" type="submit" safe>{m.sendLink}</button>
      </form>
      <p class="page-links"><a href="/login" safe>{m.goToLogin}</a></p>
    </section>
  );
}

function NewPasswordMain({ view, email, token, errors }: { view: ViewContext; email: string; token: string; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.resetConfirmTitle}</h1>
      <p safe>{m.resetConfirmIntro(email)}</p>
      <Errors errors={errors} view={view} />
      <form class="form" method="post" action="/password-reset/confirm" novalidate>
        <CsrfField token={view.csrf} />
        <input type="hidden" name="token" value={token} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" value={email} autocomplete="username" />
        <Field name="password" label={m.newPassword} hint={m.passwordHint} errors={errors} type="password" required maxlength={256} autocomplete="new-password" />
        <button class="button button--primary" type="submit" safe>{m.setPassword}</button>
      </form>
    </section>
  );
}

export async function passwordResetRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;

  app.get('/password-reset', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    accountPage(request, reply, deps, (view, m) => ({ title: m.resetTitle, main: RequestMain({ view, email: '', errors: NO_ERRORS }) })));

  app.post('/password-reset', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const email = formValue(request.body, 'email') ?? '';
    try {
      const answer = await requestPasswordReset(ctx, { email, lang: pageLang(request, reply) }, { ip: clientIp(request) });
      return messagePage(request, reply, deps, (m) => ({ title: m.checkMailTitle, paragraphs: [m.resetSentBody(answer.email)] }), { status: 202 });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
        reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
        return accountPage(request, reply, deps, (view, m) => ({ title: m.resetTitle, main: RequestMain({ view, email, errors: formMessage(m.rateLimited(retryMinutes(error))) }) }), { status: 429 });
      }
      if (isFormRefusal(error)) return accountPage(request, reply, deps, (view, m) => ({ title: m.resetTitle, main: RequestMain({ view, email, errors: formErrors(error, view.lang) }) }), { status: 400 });
      throw error;
    }
  });

  app.get('/password-reset/confirm', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = queryValue(request, 'token');
    const link = await orInvalidLink(request, reply, deps, () => checkResetLink(ctx, token));
    if ('page' in link) return link.page;
    return accountPage(request, reply, deps, (view, m) => ({ title: m.resetConfirmTitle, main: NewPasswordMain({ view, email: link.ok.email, token, errors: NO_ERRORS }) }));
  });

  app.post('/password-reset/confirm', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = formValue(request.body, 'token') ?? '';
    const done = await orInvalidLink(request, reply, deps, async () => {
      try {
        return await resetPassword(ctx, token, formValue(request.body, 'password') ?? '');
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        const { email } = await checkResetLink(ctx, token);
        return { refused: error, email };
      }
    });
    if ('page' in done) return done.page;
    if ('refused' in done.ok) {
      const { refused, email } = done.ok;
      return accountPage(request, reply, deps, (view, m) => ({ title: m.resetConfirmTitle, main: NewPasswordMain({ view, email, token, errors: formErrors(refused, view.lang) }) }), { status: 400 });
    }
    return messagePage(request, reply, deps, (m) => ({ title: m.resetDoneTitle, paragraphs: [m.resetDoneBody] }), { toLogin: true });
  });
}
