/**
 * Pieces shared by the ★2–★4 pages of the evaluation body, the vendor portal and the console: the
 * page context and messages, the evaluation body's page frame, the example-criteria notice (said
 * wherever example criteria appear), criteria and status texts, and JST date-times.
 */
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CriteriaSummary } from '../../../catalog/criteria-summary.ts';
import { DomainError } from '../../../domain/errors.ts';
import { formatDate } from '../../pages/format.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { sendWorkspacePage, viewContext, type ViewContext } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { EVALUATION_MESSAGES, type EvaluationMessages } from './messages.ts';

export interface EvaluationPage {
  view: ViewContext;
  m: EvaluationMessages;
}

export async function evaluationPage(request: FastifyRequest, reply: FastifyReply, deps: WorkspaceDeps): Promise<EvaluationPage> {
  const view = await viewContext(request, reply, deps);
  return { view, m: EVALUATION_MESSAGES[view.lang] };
}

/** Route options of a workspace page. */
export const page = <P extends string>(permission: P) => ({ config: { permission }, schema: { hide: true } }) as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The application id of the path; anything but a UUID cannot exist. */
export function idParam(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'No such application');
  return id.toLowerCase();
}

/** A date and time in JST: 2026年11月25日 12:00 / 25 Nov 2026 12:00. */
export function dateTime(iso: string, lang: Lang): string {
  const local = new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString();
  return `${formatDate(iso, lang)} ${local.slice(11, 16)}`;
}

export function DateTime({ value, lang }: { value: string; lang: Lang }) {
  return <time datetime={value} safe>{dateTime(value, lang)}</time>;
}

/** "EXAMPLE-NWC-03 (version 0.1)" and the title: the example marker is in the title itself. */
export function CriteriaText({ criteria, lang }: { criteria: CriteriaSummary; lang: Lang }) {
  return (
    <>
      <span class="mono" safe>{`${criteria.id} (${criteria.version})`}</span>
      <br />
      <span class="muted" safe>{criteria.title[lang]}</span>
    </>
  );
}

/** Said at the top of every page that shows an application on example criteria. */
export function ExampleNotice({ criteria, m }: { criteria: CriteriaSummary; m: EvaluationMessages }) {
  if (!criteria.example) return '';
  return (
    <div class="notice notice--example" role="note" id="example-criteria">
      <p class="notice__heading" safe>{m.example.title}</p>
      <p safe>{m.example.body}</p>
    </div>
  );
}

export { Facts } from '../shell.tsx';

/** A confirmation after a post/redirect/get. */
export function Done({ text }: { text: string | undefined }) {
  return text ? <p class="notice notice--done" role="status" safe>{text}</p> : '';
}

/** The evaluation body's pages: the shell's own area, whose navigation leads an evaluator to /evaluation. */
export function sendEvaluationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WorkspaceDeps,
  { view, m }: EvaluationPage,
  title: string,
  main: Children,
  status = 200,
): Promise<FastifyReply> {
  return sendWorkspacePage(request, reply, deps, view, { title: `${title} | ${m.area}`, area: 'account', status }, main);
}
