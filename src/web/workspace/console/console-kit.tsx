/**
 * Small pieces every console page uses: the console's messages for the request, lenient readers
 * for query and path values (a bad filter is ignored, a malformed id is simply not found), the
 * application status badge, date-times in JST, the "done" notice after a decision, and turning a
 * use case's refusal into messages beside the form. Domain rules stay in the use cases.
 */
import { DomainError, ERROR_CATALOGUE, type FieldError } from '../../../domain/errors.ts';
import { parseRegistrationNumber, canonicalRegistrationNumber } from '../../../domain/registration-number.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { formatDate } from '../../pages/format.ts';
import { CONSOLE_MESSAGES, type ConsoleMessages } from './messages.ts';

export const messagesFor = (lang: Lang): ConsoleMessages => CONSOLE_MESSAGES[lang];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query value as one trimmed string without control characters, or undefined. */
export function queryText(query: unknown, name: string, max = 200): string | undefined {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text && text.length <= max ? text : undefined;
}

/** The value when it is one of `allowed`. */
export function queryChoice<T extends string>(query: unknown, name: string, allowed: readonly T[]): T | undefined {
  const value = queryText(query, name);
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function queryUuid(query: unknown, name: string): string | undefined {
  const value = queryText(query, name);
  return value && UUID.test(value) ? value : undefined;
}

export function queryInt(query: unknown, name: string, min: number, max: number): number | undefined {
  const value = queryText(query, name);
  if (!value || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** An application id from the path; anything that is not a UUID cannot exist. */
export function applicationIdParam(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'No such application');
  return id.toLowerCase();
}

/** A registration number from the path, canonical; a malformed one cannot exist. */
export function registrationNumberParam(params: unknown): string {
  const value = (params as { registrationNumber?: string }).registrationNumber ?? '';
  if (!parseRegistrationNumber(value)) throw new DomainError('NOT_FOUND', 'No such label');
  return canonicalRegistrationNumber(value);
}

const JST_OFFSET_MS = 9 * 3600_000;

/** An instant as a JST date and time: 2026年11月25日 12:00 / 25 Nov 2026 12:00. */
export function formatDateTime(iso: string, lang: Lang): string {
  const local = new Date(new Date(iso).getTime() + JST_OFFSET_MS).toISOString();
  return `${formatDate(iso, lang)} ${local.slice(11, 16)}`;
}

export function DateTime({ value, lang }: { value: string; lang: Lang }) {
  return (
    <time datetime={value} safe>
      {formatDateTime(value, lang)}
    </time>
  );
}

/** Application statuses reuse the label badge colours where the meaning matches. */
const STATUS_TONE: Record<string, string | undefined> = { issued: 'valid', returned: 'suspended', rejected: 'revoked', withdrawn: 'withdrawn' };

export function AppStatusBadge({ status, m }: { status: string; m: ConsoleMessages }) {
  const tone = STATUS_TONE[status];
  return (
    <span class={['status', tone && `status--${tone}`]} data-status={status} safe>
      {(m.appStatus as Record<string, string>)[status] ?? status}
    </span>
  );
}

/** The confirmation shown after a decision (the redirect's `done` parameter). */
export function DoneNotice({ text }: { text: string | null }) {
  if (!text) return '';
  return (
    <div class="notice console-done" role="status">
      <p safe>{text}</p>
    </div>
  );
}

export { Facts } from '../shell.tsx';

export function ModelNumbers({ values }: { values: readonly string[] }) {
  return (
    <ul class="chips">
      {values.map((v) => (
        <li class="chip" safe>
          {v}
        </li>
      ))}
    </ul>
  );
}

/** The detail of a date field the form could not read. */
export const NOT_A_DATE = 'not a date (YYYY-MM-DD)';

/**
 * A refusal the reviewer can cause by a form (bad input 400, a state conflict 409, a rule of the
 * scheme 422) is answered beside the form; anything else (not found, forbidden…) is an error page.
 */
export function isFormError(error: unknown): error is DomainError {
  if (!(error instanceof DomainError)) return false;
  const status = ERROR_CATALOGUE[error.code].status;
  return status === 400 || status === 409 || status === 422;
}

/** The refusal in the page's language, one message per field (falls back to the use case's text). */
export function formErrors(error: DomainError, m: ConsoleMessages, statusName: (status: string) => string): FieldError[] {
  const e = m.errors;
  const current = String(error.extra.currentStatus ?? '');
  switch (error.code) {
    case 'APPLICATION_STATE_CONFLICT':
      return [{ pointer: '/', detail: e.stateConflict(statusName(current)) }];
    case 'LABEL_STATE_CONFLICT':
      return [{ pointer: '/', detail: e.labelConflict(statusName(current)) }];
    case 'PSTI_LISTING_STATE_CONFLICT':
      return [{ pointer: '/', detail: e.pstiConflict }];
    case 'FEE_NOT_DEFINED':
      return [{ pointer: '/', detail: e.feeNotDefined }];
  }
  if (!error.fields.length) return [{ pointer: '/', detail: error.message }];
  return error.fields.map((f) => {
    const key = f.pointer.replace(/^\//, '');
    const name = e.fields[key] ?? key;
    if (f.detail === NOT_A_DATE) return { pointer: f.pointer, detail: e.invalidDate(name) };
    if (key === 'validUntil') return { pointer: f.pointer, detail: e.validUntil };
    if (key === 'paidAt') return { pointer: f.pointer, detail: e.paidOn };
    if (f.detail === 'required' || /required/.test(f.detail)) return { pointer: f.pointer, detail: e.required(name) };
    return { pointer: f.pointer, detail: e.tooLong(name, f.detail) };
  });
}
