/**
 * Shared pieces of the portal's pages: the page context (shell view + portal messages), form
 * fields with their error text, status tags, dates, and the rule for which use-case errors are
 * shown on the form (the visitor fixes the input) and which become an error page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Children } from '@kitajs/html';
import type { Actor } from '../../../app/context.ts';
import { DomainError, ERROR_CATALOGUE, type FieldError } from '../../../domain/errors.ts';
import { jstDate } from '../../../domain/time.ts';
import { formatDate } from '../../pages/format.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { ErrorSummary, sendWorkspacePage, viewContext, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { PORTAL_MESSAGES, type PortalMessages } from './messages.ts';

export interface PortalPage {
  view: ViewContext;
  m: PortalMessages;
}

export async function portalPage(request: FastifyRequest, reply: FastifyReply, deps: WorkspaceDeps): Promise<PortalPage> {
  const view = await viewContext(request, reply, deps);
  return { view, m: PORTAL_MESSAGES[view.lang] };
}

/** The signed-in actor (auth.ts has checked the route's permission before the handler runs). */
export function actorOf(request: FastifyRequest): Actor {
  return request.actor!;
}

export function sendPortal(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WorkspaceDeps,
  page: PortalPage,
  title: string,
  main: Children,
  status = 200,
): Promise<FastifyReply> {
  return sendWorkspacePage(request, reply, deps, page.view, { title, area: 'portal', status }, main);
}

/** Errors the visitor can fix by changing the form (shown on the form); others become error pages. */
export function isFormError(error: unknown): error is DomainError {
  if (!(error instanceof DomainError)) return false;
  const status = ERROR_CATALOGUE[error.code].status;
  return status === 400 || status === 409 || status === 413 || status === 415 || status === 422;
}

export function statusOf(error: DomainError): number {
  return ERROR_CATALOGUE[error.code].status;
}

/** Codes whose field errors say it all (their message only lists the fields again). */
const LISTS = new Set(['VALIDATION_FAILED', 'CHECKLIST_INCOMPLETE', 'CSAF_INVALID', 'SECURITY_TXT_INVALID']);

/** What to show of a form error: each field error, or the message (at the first field it names). */
export function errorsOf(error: DomainError): FieldError[] {
  if (LISTS.has(error.code) && error.fields.length) return error.fields;
  return [{ pointer: error.fields[0]?.pointer ?? '', detail: error.message }];
}

/** The first error whose pointer names `field` (e.g. /nameJa, /checklist/3/evidence). */
export function errorFor(errors: readonly FieldError[], pointerPrefix: string): string | undefined {
  return errors.find((e) => e.pointer === pointerPrefix || e.pointer.startsWith(`${pointerPrefix}/`))?.detail;
}

/** Shows at most `max` errors in the summary, then how many more there are. */
export function Errors({ errors, page, max = 50 }: { errors: readonly FieldError[]; page: PortalPage; max?: number }) {
  if (errors.length <= max) return <ErrorSummary errors={errors} shell={page.view.shell} />;
  const shown = [...errors.slice(0, max), { pointer: '', detail: page.m.moreErrors(errors.length - max) }];
  return <ErrorSummary errors={shown} shell={page.view.shell} />;
}

/** A "saved" style confirmation. */
export function Done({ text }: { text: string | undefined | null }) {
  return text ? <p class="notice notice--done" role="status" safe>{text}</p> : '';
}

/** A form value, trimmed; '' when absent. */
export function field(body: unknown, name: string): string {
  return (formValue(body, name) ?? '').trim();
}

/** A form value, trimmed; null when empty (optional fields). */
export function optional(body: unknown, name: string): string | null {
  return field(body, name) || null;
}

/** Non-empty lines of a text area, trimmed. */
export function lines(value: string): string[] {
  return value.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
}

export function date(value: string | null | undefined, lang: Lang): string {
  return value ? formatDate(value, lang) : '';
}

/** Date and time in JST, e.g. 2026-11-25 12:00. */
export function dateTime(value: string): string {
  const instant = new Date(value);
  const hhmm = new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(11, 16);
  return `${jstDate(instant)} ${hhmm}`;
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | null | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: string;
  required?: boolean;
  maxlength?: number;
  autocomplete?: string;
}

const describedBy = (name: string, hint?: string, error?: string) =>
  [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;

function FieldNotes({ name, hint, error }: { name: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint ? <span class="form__hint" id={`${name}-hint`} safe>{hint}</span> : ''}
      {error ? <span class="form__error" id={`${name}-error`} safe>{error}</span> : ''}
    </>
  );
}

export function TextField(p: FieldProps) {
  return (
    <label class="form__field">
      <span safe>{p.label}</span>
      <FieldNotes name={p.name} hint={p.hint} error={p.error} />
      <input
        type={p.type ?? 'text'}
        name={p.name}
        id={p.name}
        value={p.value ?? ''}
        required={p.required}
        maxlength={p.maxlength === undefined ? undefined : String(p.maxlength)}
        autocomplete={p.autocomplete}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      />
    </label>
  );
}

export function TextArea(p: FieldProps & { rows?: number }) {
  return (
    <label class="form__field">
      <span safe>{p.label}</span>
      <FieldNotes name={p.name} hint={p.hint} error={p.error} />
      <textarea
        name={p.name}
        id={p.name}
        rows={String(p.rows ?? 4)}
        required={p.required}
        maxlength={p.maxlength === undefined ? undefined : String(p.maxlength)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </label>
  );
}

/** An application's status as text in a tag (status--<class> colours only reinforce it). */
export function AppStatus({ status, m }: { status: string; m: PortalMessages }) {
  const text = (m.appStatus as Record<string, string>)[status] ?? status;
  return <span class={`status status--app-${status}`} safe>{text}</span>;
}

export function LabelStatusTag({ status, m }: { status: string; m: PortalMessages }) {
  const text = (m.labelStatus as Record<string, string>)[status] ?? status;
  return <span class={`status status--${status}`} safe>{text}</span>;
}

/** The ids in paths are opaque; anything unusual is simply not found. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  return String((request.params as Record<string, unknown>)[name] ?? '');
}

/** `?done=<key>` after a redirect, mapped to a message of the page. */
export function doneKey(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof value === 'string' ? value : undefined;
}

export const hidden = { schema: { hide: true } } as const;

/** A file of a multipart form, or null when none was chosen (browsers send an empty part). */
export async function uploadedFile(body: unknown, name: string): Promise<{ fileName: string; content: Buffer } | null> {
  const raw = (body as Record<string, unknown> | undefined)?.[name];
  const part = (Array.isArray(raw) ? raw[0] : raw) as { type?: string; filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
  if (!part || part.type !== 'file' || !part.toBuffer) return null;
  const content = await part.toBuffer();
  if (!part.filename && content.length === 0) return null;
  return { fileName: part.filename ?? '', content };
}

/**
 * A labelled select. The label names it with `for`, not by wrapping: a wrapped select would add
 * its chosen option to its own accessible name.
 */
export function SelectField({ name, label, error, required, children }: { name: string; label: string; error?: string | undefined; required?: boolean; children: Children }) {
  return (
    <div class="form__field">
      <label for={name} safe>{label}</label>
      {error ? <span class="form__error" id={`${name}-error`} safe>{error}</span> : ''}
      <select name={name} id={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${name}-error` : undefined}>
        {children}
      </select>
    </div>
  );
}
