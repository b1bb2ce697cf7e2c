/**
 * Log-in and log-out in the browser: the same log-in use case as the API (with its lockout), a
 * session cookie (HttpOnly, SameSite=Strict, Secure behind TLS, idle and absolute timeouts), and a
 * redirect to where the visitor was going, or to the portal or console by role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSession, deleteSession } from '../../../app/users/credentials.ts';
import { logIn } from '../../../app/users/log-in.ts';
import { DomainError } from '../../../domain/errors.ts';
import { isVendorRole, type Role } from '../../../domain/roles.ts';
import { SESSION_COOKIE } from '../../auth.ts';
import { csrfToken } from '../csrf.ts';
import { CsrfField, sendWorkspacePage, viewContext, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { ACCOUNT_MESSAGES } from './messages.ts';

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

export function homeFor(role: Role): string {
  return isVendorRole(role) ? '/portal' : '/console';
}

export async function loginRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx, config } = deps;
  const show = async (request: FastifyRequest, reply: FastifyReply, form: { next: string | null; email: string; error: string | null }, status = 200) => {
    const view = await viewContext(request, reply, deps);
    return sendWorkspacePage(request, reply, deps, view, { title: ACCOUNT_MESSAGES[view.lang].loginTitle, area: 'account', status }, LoginMain({ view, ...form }));
  };

  app.get('/login', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    show(request, reply, { next: safeNext((request.query as Record<string, string>).next), email: '', error: null }));

  app.post('/login', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const email = formValue(request.body, 'email') ?? '';
    const next = safeNext(formValue(request.body, 'next'));
    const m = ACCOUNT_MESSAGES[(await viewContext(request, reply, deps)).lang];
    let user;
    try {
      user = await logIn(ctx, email, formValue(request.body, 'password') ?? '');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_CREDENTIALS') return show(request, reply, { next, email, error: m.invalidCredentials }, 401);
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
        const seconds = Number(error.extra.retryAfterSeconds ?? 60);
        reply.header('retry-after', String(seconds));
        return show(request, reply, { next, email, error: m.lockedOut(Math.ceil(seconds / 60)) }, 429);
      }
      throw error;
    }
    const secret = await createSession(ctx, user, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
    reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure: deps.secure, path: '/', maxAge: config.sessionAbsoluteHours * 3600 });
    // A new session gets a new CSRF binding; refresh it for the next page.
    request.cookies[SESSION_COOKIE] = secret;
    csrfToken(request, reply, deps.secure, secret);
    return reply.redirect(next ?? homeFor(user.role as Role), 303);
  });

  app.post('/logout', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await deleteSession(ctx, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
