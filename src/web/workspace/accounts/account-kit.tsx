/**
 * Pieces the account pages share: a labelled form field with its hint and inline error (linked by
 * aria-describedby, so screen readers read them with the field), the mapping of a use case's
 * refusal to those errors in the page's language, and small helpers. The rules themselves stay in
 * the use cases; this only presents what they say.
 */
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { resolveLocale } from '../../pages/locale.ts';
import { ErrorSummary, MessageMain, sendWorkspacePage, viewContext, type Area, type ViewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { ACCOUNT_MESSAGES, fieldProblem, type AccountMessages } from './messages.ts';

/** Renders a page whose title and body depend on the visitor's language. */
export async function accountPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WorkspaceDeps,
  build: (view: ViewContext, m: AccountMessages) => { title: string; main: Children },
  options: { status?: number; area?: Area } = {},
): Promise<FastifyReply> {
  const view = await viewContext(request, reply, deps);
  const { title, main } = build(view, ACCOUNT_MESSAGES[view.lang]);
  return sendWorkspacePage(request, reply, deps, view, { title, area: options.area ?? 'account', status: options.status ?? 200 }, main);
}

/** A page with a heading and paragraphs, optionally with a link to the log-in. */
export function messagePage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WorkspaceDeps,
  pick: (m: AccountMessages) => { title: string; paragraphs: string[] },
  options: { status?: number; toLogin?: boolean } = {},
): Promise<FastifyReply> {
  return accountPage(request, reply, deps, (_view, m) => {
    const { title, paragraphs } = pick(m);
    return { title, main: MessageMain({ title, paragraphs, ...(options.toLogin && { back: { href: '/login', text: m.goToLogin } }) }) };
  }, { status: options.status ?? 200 });
}

/** The answer to a link that expired, was used, or never existed. */
export const invalidLinkPage = (request: FastifyRequest, reply: FastifyReply, deps: WorkspaceDeps) =>
  messagePage(request, reply, deps, (m) => ({ title: m.invalidLinkTitle, paragraphs: [m.invalidLinkBody] }), { status: 404 });

/** Runs `work`; a NOT_FOUND (bad link) becomes the invalid-link page. */
export async function orInvalidLink<T>(request: FastifyRequest, reply: FastifyReply, deps: WorkspaceDeps, work: () => Promise<T>): Promise<{ ok: T } | { page: FastifyReply }> {
  try {
    return { ok: await work() };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return { page: await invalidLinkPage(request, reply, deps) };
    throw error;
  }
}

/** A refusal prepared for a form: the summary lines and one message per field. */
export interface FormErrors {
  summary: FieldError[];
  byField: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { summary: [], byField: {} };

/** The form errors of a refusal the visitor can fix (validation), in the page's language. */
export function formErrors(error: DomainError, lang: Lang): FormErrors {
  if (!error.fields.length) return { summary: [{ pointer: '', detail: error.message }], byField: {} };
  const byField: Record<string, string> = {};
  const summary = error.fields.map((f) => {
    const detail = fieldProblem(lang, f.pointer, f.detail);
    byField[f.pointer.replace(/^\//, '')] ??= detail;
    return { pointer: f.pointer, detail };
  });
  return { summary, byField };
}

/** One line for the summary (a refusal that is not about a field). */
export function formMessage(message: string): FormErrors {
  return { summary: [{ pointer: '', detail: message }], byField: {} };
}

export function Errors({ errors, view }: { errors: FormErrors; view: ViewContext }) {
  return <ErrorSummary errors={errors.summary} shell={view.shell} />;
}

export interface FieldProps {
  name: string;
  label: string;
  errors: FormErrors;
  value?: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  inputmode?: string;
  pattern?: string;
}

export function Field(p: FieldProps) {
  const error = p.errors.byField[p.name];
  const hintId = p.hint ? `${p.name}-hint` : '';
  const errorId = error ? `${p.name}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="form__field">
      <label for={p.name} safe>{p.label}</label>
      {p.hint ? <span class="form__hint" id={hintId} safe>{p.hint}</span> : ''}
      {error ? <span class="form__error" id={errorId} safe>{error}</span> : ''}
      <input
        id={p.name}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        required={p.required}
        autocomplete={p.autocomplete}
        maxlength={p.maxlength === undefined ? undefined : String(p.maxlength)}
        inputmode={p.inputmode}
        pattern={p.pattern}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** A confirmation after a redirect (`?done=`), announced politely. */
export function DoneNotice({ text }: { text: string | undefined }) {
  return text ? <div class="notice notice--done" role="status"><p safe>{text}</p></div> : '';
}

/** The client address for rate limits (Fastify honours TRUST_PROXY for X-Forwarded-For). */
export function clientIp(request: FastifyRequest): string {
  return request.ip || 'unknown';
}

/** A query parameter as a string ('' when absent or repeated oddly). */
export function queryValue(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** Whether an error is a refusal the visitor can act on in the same form. */
export function isFormRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && ['VALIDATION_FAILED', 'CORPORATE_NUMBER_TAKEN', 'EMAIL_TAKEN', 'LAST_ADMIN', 'SECOND_FACTOR_INVALID'].includes(error.code);
}

/** Minutes to wait, from a RATE_LIMITED refusal. */
export function retryMinutes(error: DomainError): number {
  return Math.max(1, Math.ceil(Number(error.extra.retryAfterSeconds ?? 60) / 60));
}

/** The visitor's language (for e-mails written before the page is rendered). */
export function pageLang(request: FastifyRequest, reply: FastifyReply): Lang {
  return resolveLocale(request, reply).lang;
}
