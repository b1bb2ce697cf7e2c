/**
 * Log-in and log-out in the browser: the same password check as the API (with its lockout and the
 * e-mail verification rule), then, for an account with a second factor, a second page for the
 * code, carried by a short-lived pending-log-in cookie that is not a session. Only then a session
 * cookie (HttpOnly, SameSite=Strict, Secure behind TLS, idle and absolute timeouts), and a
 * redirect to where the visitor was going, or to the portal or console by role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { beginLogIn, completeLogIn, PENDING_LOGIN_MINUTES, pendingLogInOpen } from '../../../app/accounts/two-step-log-in.ts';
import { createSession, deleteSession } from '../../../app/users/credentials.ts';
import type { UserView } from '../../../app/users/user-view.ts';
import { DomainError } from '../../../domain/errors.ts';
import { isEvaluatorRole, isVendorRole, type Role } from '../../../domain/roles.ts';
import { SESSION_COOKIE } from '../../auth.ts';
import { csrfToken } from '../csrf.ts';
import { CsrfField, sendWorkspacePage, viewContext, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { Field, retryMinutes, type FormErrors } from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

/** The pending second step of a log-in (a random secret; its hash is the pending_logins key). */
export const PENDING_LOGIN_COOKIE = 'hoshi_pending_login';

/** Only a path on this site: never `//evil.example` or `https://…` (open redirect). */
export function safeNext(next: string | undefined): string | null {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : null;
}

function LoginMain({ view, next, email, error }: { view: ViewContext; next: string | null; email: string; error: string | null }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.loginTitle}</h1>
      {error ? <div class="notice" role="alert"><p safe>{error}</p></div> : ''}
      <form class="form" method="post" action="/login">
        <CsrfField token={view.csrf} />
        {next ? <input type="hidden" name="next" value={next} /> : ''}
        <label class="form__field">
          <span safe>{m.email}</span>
          <input type="email" name="email" value={email} required autocomplete="username" maxlength="254" />
        </label>
        <label class="form__field">
          <span safe>{m.password}</span>
          <input type="password" name="password" required autocomplete="current-password" maxlength="256" />
        </label>
        <button class="button button--primary" type="submit" safe>{m.logIn}</button>
      </form>
      <p class="page-links">
        <a href="/signup" safe>{m.signUpLink}</a>
        <a href="/password-reset" safe>{m.forgotLink}</a>
      </p>
    </section>
  );
}

function CodeMain({ view, next, error }: { view: ViewContext; next: string | null; error: string | null }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  const errors: FormErrors = error ? { summary: [], byField: { code: error } } : { summary: [], byField: {} };
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.codeTitle}</h1>
      {error ? <div class="notice" role="alert"><p safe>{error}</p></div> : ''}
      <p safe>{m.codeIntro}</p>
      <form class="form" method="post" action="/login/code">
        <CsrfField token={view.csrf} />
        {next ? <input type="hidden" name="next" value={next} /> : ''}
        <Field name="code" label={m.code} hint={m.codeHint} errors={errors} required inputmode="numeric" autocomplete="one-time-code" maxlength={10} />
        <button class="button button--primary" type="submit" safe>{m.verify}</button>
      </form>
      <p class="page-links"><a href="/login" safe>{m.goToLogin}</a></p>
    </section>
  );
}

export function homeFor(role: Role): string {
  return isVendorRole(role) ? '/portal' : isEvaluatorRole(role) ? '/evaluation' : '/console';
}

export async function loginRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx, config } = deps;
  const show = async (request: FastifyRequest, reply: FastifyReply, form: { next: string | null; email: string; error: string | null }, status = 200) => {
    const view = await viewContext(request, reply, deps);
    return sendWorkspacePage(request, reply, deps, view, { title: ACCOUNT_MESSAGES[view.lang].loginTitle, area: 'account', status }, LoginMain({ view, ...form }));
  };

  app.get('/login', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    show(request, reply, { next: safeNext((request.query as Record<string, string>).next), email: '', error: null }));

  const startSession = async (request: FastifyRequest, reply: FastifyReply, user: UserView, next: string | null) => {
    const secret = await createSession(ctx, user, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
    reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure: deps.secure, path: '/', maxAge: config.sessionAbsoluteHours * 3600 });
    // A new session gets a new CSRF binding; refresh it for the next page.
    request.cookies[SESSION_COOKIE] = secret;
    csrfToken(request, reply, deps.secure, secret);
    return reply.redirect(next ?? homeFor(user.role as Role), 303);
  };
  const lockedOut = (reply: FastifyReply, error: DomainError) => {
    reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
    return retryMinutes(error);
  };

  app.post('/login', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const email = formValue(request.body, 'email') ?? '';
    const next = safeNext(formValue(request.body, 'next'));
    const m = ACCOUNT_MESSAGES[(await viewContext(request, reply, deps)).lang];
    let step;
    try {
      step = await beginLogIn(ctx, email, formValue(request.body, 'password') ?? '');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_CREDENTIALS') return show(request, reply, { next, email, error: m.invalidCredentials }, 401);
      if (error instanceof DomainError && error.code === 'EMAIL_NOT_VERIFIED') return show(request, reply, { next, email, error: m.notVerified }, 403);
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') return show(request, reply, { next, email, error: m.lockedOut(lockedOut(reply, error)) }, 429);
      throw error;
    }
    if (step.kind === 'done') return startSession(request, reply, step.user, next);
    reply.setCookie(PENDING_LOGIN_COOKIE, step.pending, { httpOnly: true, sameSite: 'strict', secure: deps.secure, path: '/login', maxAge: PENDING_LOGIN_MINUTES * 60 });
    return reply.redirect(next ? `/login/code?next=${encodeURIComponent(next)}` : '/login/code', 303);
  });

  const showCode = async (request: FastifyRequest, reply: FastifyReply, next: string | null, error: string | null, status = 200) => {
    const view = await viewContext(request, reply, deps);
    return sendWorkspacePage(request, reply, deps, view, { title: ACCOUNT_MESSAGES[view.lang].codeTitle, area: 'account', status }, CodeMain({ view, next, error }));
  };

  app.get('/login/code', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, string>).next);
    if (!(await pendingLogInOpen(ctx, request.cookies[PENDING_LOGIN_COOKIE]))) return reply.redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login', 303);
    return showCode(request, reply, next, null);
  });

  app.post('/login/code', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const next = safeNext(formValue(request.body, 'next'));
    const m = ACCOUNT_MESSAGES[(await viewContext(request, reply, deps)).lang];
    let user;
    try {
      user = await completeLogIn(ctx, request.cookies[PENDING_LOGIN_COOKIE], formValue(request.body, 'code') ?? '');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SECOND_FACTOR_INVALID') return showCode(request, reply, next, m.codeWrong, 401);
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') return showCode(request, reply, next, m.codeLimited(lockedOut(reply, error)), 429);
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        reply.clearCookie(PENDING_LOGIN_COOKIE, { path: '/login' });
        return show(request, reply, { next, email: '', error: m.pendingExpired }, 401);
      }
      throw error;
    }
    reply.clearCookie(PENDING_LOGIN_COOKIE, { path: '/login' });
    return startSession(request, reply, user, next);
  });

  app.post('/logout', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await deleteSession(ctx, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
