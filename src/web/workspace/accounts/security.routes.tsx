/**
 * /account/security: the signed-in user's optional TOTP second factor. Set-up shows the secret as
 * text and as an otpauth:// URI (no QR image: the pages carry no script and no generated images),
 * and turns on only after a correct code; turning it off needs a code too. The TOTP use cases
 * decide who may have one and check every code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { confirmSecondFactorEnrolment, disableSecondFactor, secondFactorStatus, startSecondFactorEnrolment, type SecondFactorStatus } from '../../../app/accounts/totp.ts';
import type { Actor } from '../../../app/context.ts';
import { DomainError } from '../../../domain/errors.ts';
import { CsrfField, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { accountPage, DoneNotice, Errors, Field, formErrors, formMessage, isFormRefusal, NO_ERRORS, pageLang, queryValue, retryMinutes, type FormErrors } from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

const CODE_FIELD = { name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 10, required: true } as const;

function CodeForm({ view, action, button, errors }: { view: ViewContext; action: string; button: string; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <form class="form" method="post" action={action} novalidate>
      <CsrfField token={view.csrf} />
      <Field {...CODE_FIELD} label={m.code} hint={m.codeHint} errors={errors} />
      <button class="button button--primary" type="submit" safe>{button}</button>
    </form>
  );
}

function SecurityMain({ view, status, done, errors }: { view: ViewContext; status: SecondFactorStatus; done: string; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  const notice = done === 'enabled' ? m.enabledNotice : done === 'disabled' ? m.disabledNotice : undefined;
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.securityTitle}</h1>
      <DoneNotice text={notice} />
      <h2 class="block__heading" safe>{m.secondFactor}</h2>
      <Errors errors={errors} view={view} />
      {!status.offered ? <p safe>{m.notOffered}</p>
        : status.enrolled ? (
          <>
            <p safe>{m.enrolled}</p>
            <p safe>{m.disableIntro}</p>
            <CodeForm view={view} action="/account/security/totp/disable" button={m.disableSecondFactor} errors={errors} />
          </>
        ) : status.pending ? (
          <>
            <p safe>{m.enrolIntro}</p>
            <dl class="secret-list">
              <dt safe>{m.secret}</dt>
              <dd><code class="secret" safe>{status.pending.secret.replace(/(.{4})/g, '$1 ').trim()}</code></dd>
              <dt safe>{m.uri}</dt>
              <dd><code class="secret" safe>{status.pending.uri}</code></dd>
            </dl>
            <CodeForm view={view} action="/account/security/totp/confirm" button={m.confirmEnrolment} errors={errors} />
          </>
        ) : (
          <>
            <p safe>{m.notEnrolled}</p>
            <form method="post" action="/account/security/totp/start">
              <CsrfField token={view.csrf} />
              <button class="button button--primary" type="submit" safe>{m.startEnrolment}</button>
            </form>
          </>
        )}
    </section>
  );
}

export async function securityRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const route = { config: { permission: 'self' as const }, schema: { hide: true } };

  const show = async (request: FastifyRequest, reply: FastifyReply, errors: FormErrors = NO_ERRORS, status = 200) => {
    const state = await secondFactorStatus(ctx, request.actor!);
    const done = errors === NO_ERRORS ? queryValue(request, 'done') : '';
    return accountPage(request, reply, deps, (view, m) => ({ title: m.securityTitle, main: SecurityMain({ view, status: state, done, errors }) }), { status });
  };

  const act = async (request: FastifyRequest, reply: FastifyReply, work: (actor: Actor) => Promise<unknown>, done: string) => {
    try {
      await work(request.actor!);
    } catch (error) {
      const m = ACCOUNT_MESSAGES[pageLang(request, reply)];
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
        reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
        return show(request, reply, formMessage(m.codeLimited(retryMinutes(error))), 429);
      }
      if (error instanceof DomainError && error.code === 'SECOND_FACTOR_INVALID') return show(request, reply, { summary: [{ pointer: '/code', detail: m.codeWrong }], byField: { code: m.codeWrong } }, 400);
      if (isFormRefusal(error)) return show(request, reply, formErrors(error, pageLang(request, reply)), 400);
      throw error;
    }
    return reply.redirect(done ? `/account/security?done=${done}` : '/account/security', 303);
  };

  app.get('/account/security', route, async (request, reply) => show(request, reply));
  app.post('/account/security/totp/start', route, async (request, reply) => act(request, reply, (actor) => startSecondFactorEnrolment(ctx, actor), ''));
  app.post('/account/security/totp/confirm', route, async (request, reply) =>
    act(request, reply, (actor) => confirmSecondFactorEnrolment(ctx, actor, formValue(request.body, 'code') ?? ''), 'enabled'));
  app.post('/account/security/totp/disable', route, async (request, reply) =>
    act(request, reply, (actor) => disableSecondFactor(ctx, actor, formValue(request.body, 'code') ?? ''), 'disabled'));
}
