/**
 * Vendor sign-up and e-mail verification in the browser: the form posts to the sign-up use case;
 * a refusal re-renders the form with the visitor's entries and the reasons, nothing created. The
 * answer to an accepted form is always "check your e-mail". The verification link opens a page
 * with a button, and only the button verifies (mail scanners open links, they do not press).
 */
import type { FastifyInstance } from 'fastify';
import { signUpVendor } from '../../../app/accounts/sign-up.ts';
import { checkVerificationLink, verifyEmail } from '../../../app/accounts/email-verification.ts';
import { DomainError } from '../../../domain/errors.ts';
import { CsrfField, MessageMain, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import {
  accountPage, clientIp, Errors, Field, formErrors, formMessage, isFormRefusal, messagePage, NO_ERRORS, orInvalidLink, pageLang, queryValue, retryMinutes, type FormErrors,
} from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

const FIELDS = ['nameJa', 'nameEn', 'address', 'country', 'corporateNumber', 'legalEntityProof', 'website', 'displayName', 'email'] as const;
type SignupForm = Record<(typeof FIELDS)[number], string>;

function SignupMain({ view, form, errors }: { view: ViewContext; form: SignupForm; errors: FormErrors }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{m.signupTitle}</h1>
      <p safe>{m.signupIntro}</p>
      <Errors errors={errors} view={view} />
      <form class="form" method="post" action="/signup" novalidate>
        <CsrfField token={view.csrf} />
        <fieldset class="form__group">
          <legend safe>{m.organisation}</legend>
          <Field name="nameJa" label={m.nameJa} errors={errors} value={form.nameJa} required maxlength={200} autocomplete="organization" />
          <Field name="nameEn" label={m.nameEn} errors={errors} value={form.nameEn} required maxlength={200} />
          <Field name="address" label={m.address} errors={errors} value={form.address} required maxlength={500} autocomplete="street-address" />
          <Field name="country" label={m.country} hint={m.countryHint} errors={errors} value={form.country} required maxlength={2} autocomplete="country" />
          <Field name="corporateNumber" label={m.corporateNumber} hint={m.corporateNumberHint} errors={errors} value={form.corporateNumber} maxlength={20} inputmode="numeric" />
          <Field name="legalEntityProof" label={m.legalEntityProof} hint={m.legalEntityProofHint} errors={errors} value={form.legalEntityProof} maxlength={500} />
          <Field name="website" label={m.website} errors={errors} value={form.website} type="url" maxlength={500} autocomplete="url" />
        </fieldset>
        <fieldset class="form__group">
          <legend safe>{m.firstUser}</legend>
          <Field name="displayName" label={m.displayName} errors={errors} value={form.displayName} required maxlength={100} autocomplete="name" />
          <Field name="email" label={m.email} errors={errors} value={form.email} type="email" required maxlength={254} autocomplete="email" />
          <Field name="password" label={m.password} hint={m.passwordHint} errors={errors} type="password" required maxlength={256} autocomplete="new-password" />
        </fieldset>
        <button class="button button--primary" type="submit" safe>{m.signUp}</button>
      </form>
      <p class="page-links"><a href="/login" safe>{m.goToLogin}</a></p>
    </section>
  );
}

/** A page with one button that POSTs a link's token (verification, and the like). */
export function TokenButtonMain({ view, title, body, action, token, button }: { view: ViewContext; title: string; body: string; action: string; token: string; button: string }) {
  return (
    <section class="block narrow">
      <h1 class="page-title" safe>{title}</h1>
      <p safe>{body}</p>
      <form class="form" method="post" action={action}>
        <CsrfField token={view.csrf} />
        <input type="hidden" name="token" value={token} />
        <button class="button button--primary" type="submit" safe>{button}</button>
      </form>
    </section>
  );
}

export async function signupRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;

  app.get('/signup', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const empty = Object.fromEntries(FIELDS.map((f) => [f, f === 'country' ? 'JP' : ''])) as SignupForm;
    return accountPage(request, reply, deps, (view, m) => ({ title: m.signupTitle, main: SignupMain({ view, form: empty, errors: NO_ERRORS }) }));
  });

  app.post('/signup', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const form = Object.fromEntries(FIELDS.map((f) => [f, formValue(request.body, f) ?? ''])) as SignupForm;
    const again = (errors: (lang: ViewContext['lang'], m: typeof ACCOUNT_MESSAGES.ja) => FormErrors, status: number) =>
      accountPage(request, reply, deps, (view, m) => ({ title: m.signupTitle, main: SignupMain({ view, form, errors: errors(view.lang, m) }) }), { status });
    try {
      const lang = pageLang(request, reply);
      const answer = await signUpVendor(ctx, { ...form, password: formValue(request.body, 'password') ?? '', lang }, { ip: clientIp(request) });
      return accountPage(request, reply, deps, (_view, m) => ({ title: m.checkMailTitle, main: MessageMain({ title: m.checkMailTitle, paragraphs: [m.checkMailBody(answer.email)] }) }), { status: 202 });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
        reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
        return again((_lang, m) => formMessage(m.rateLimited(retryMinutes(error))), 429);
      }
      if (isFormRefusal(error)) return again((lang) => formErrors(error, lang), error.code === 'CORPORATE_NUMBER_TAKEN' ? 409 : 400);
      throw error;
    }
  });

  app.get('/verify-email', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = queryValue(request, 'token');
    const link = await orInvalidLink(request, reply, deps, () => checkVerificationLink(ctx, token));
    if ('page' in link) return link.page;
    return accountPage(request, reply, deps, (view, m) => ({
      title: m.verifyTitle,
      main: TokenButtonMain({ view, title: m.verifyTitle, body: m.verifyBody(link.ok.email), action: '/verify-email', token, button: m.verifyButton }),
    }));
  });

  app.post('/verify-email', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const done = await orInvalidLink(request, reply, deps, () => verifyEmail(ctx, formValue(request.body, 'token') ?? ''));
    if ('page' in done) return done.page;
    return messagePage(request, reply, deps, (m) => ({ title: m.verifiedTitle, paragraphs: [m.verifiedBody] }), { toLogin: true });
  });
}
