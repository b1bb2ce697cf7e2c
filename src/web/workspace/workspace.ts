/**
 * The signed-in area in the browser: account pages (/login, /signup, …), the vendor portal
 * (/portal) and the operator console (/console). They are another face of the same use cases as
 * the API. This scope adds what browser forms need and the API must not have: form and multipart
 * bodies, a CSRF check on every state-changing request, and errors as pages (an anonymous visitor
 * is sent to /login and comes back after it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { ERROR_CATALOGUE } from '../../domain/errors.ts';
import type { PageEnv } from '../pages/respond.tsx';
import { toDomainError } from '../problem.ts';
import type { RouteDeps } from '../server.ts';
import { verifyCsrf, CSRF_FIELD } from './csrf.ts';
import { MessageMain, sendWorkspacePage, viewContext, type Area } from './shell.tsx';

export interface WorkspaceDeps extends RouteDeps {
  env: PageEnv;
  /** Cookies get `Secure` (behind TLS). */
  secure: boolean;
}

/** A group of workspace routes (accounts, portal, console), registered inside the scope. */
export type WorkspacePlugin = (app: FastifyInstance, deps: WorkspaceDeps) => Promise<void>;

/** Largest uploaded file (attachments, CSV model-number lists). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A form field's value, whether the body was url-encoded or multipart. */
export function formValue(body: unknown, name: string): string | undefined {
  const raw = (body as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(raw) ? raw[0] : raw;
  if (typeof one === 'string') return one;
  if (one && typeof one === 'object' && (one as { type?: string }).type === 'field') return String((one as { value: unknown }).value);
  return undefined;
}

/** Every value of a repeated field (checkboxes), url-encoded or multipart. */
export function formValues(body: unknown, name: string): string[] {
  const raw = (body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => (typeof v === 'string' ? v : String((v as { value?: unknown }).value ?? ''))).filter((v) => v !== '');
}

const HOME: Record<Area, string> = { portal: '/portal', console: '/console', account: '/' };

function areaOf(url: string): Area {
  return url.startsWith('/console') ? 'console' : url.startsWith('/portal') ? 'portal' : 'account';
}

export async function registerWorkspace(app: FastifyInstance, deps: WorkspaceDeps, plugins: readonly WorkspacePlugin[]): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
    // Multipart fields and files are parsed into the body (files in memory, at most 10 MB each),
    // so the CSRF field can be checked before a handler looks at any file.
    await scope.register(multipart, {
      attachFieldsToBody: true,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 2000, parts: 2005 },
      throwFileSizeLimit: true,
    });

    scope.addHook('preHandler', async (request: FastifyRequest) => {
      // A bearer token is never sent by a browser on its own, so only cookie-borne requests need it.
      if (UNSAFE.has(request.method) && request.authMethod !== 'token') verifyCsrf(request, formValue(request.body, CSRF_FIELD));
    });

    scope.setErrorHandler(async (error, request, reply: FastifyReply) => {
      const domainError = toDomainError(error, request);
      reply.header('x-problem-code', domainError.code);
      const view = await viewContext(request, reply, deps).catch(() => null);
      if (domainError.code === 'UNAUTHENTICATED' && request.method === 'GET') {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      if (!view) return reply.code(500).send('Internal error');
      const e = view.shell.errors;
      const status = ERROR_CATALOGUE[domainError.code].status;
      const [title, body] =
        domainError.code === 'CSRF_FAILED' ? [e.csrfTitle, e.csrfBody]
        : status === 401 || status === 403 ? [e.forbiddenTitle, e.forbiddenBody]
        : status === 404 ? [e.notFoundTitle, e.notFoundBody]
        : status >= 500 ? [e.serverErrorTitle, e.serverErrorBody]
        : [e.badRequestTitle, domainError.message];
      if (status >= 500) request.log.error({ err: error }, 'workspace page failed');
      const paragraphs = [body, ...domainError.fields.map((f) => f.detail)];
      if (status >= 500) paragraphs.push(`${e.requestId}: ${request.id}`);
      return sendWorkspacePage(request, reply, deps, view, { title, area: areaOf(request.url), status }, MessageMain({ title, paragraphs, back: { href: HOME[areaOf(request.url)], text: e.back } }));
    });

    for (const plugin of plugins) await plugin(scope, deps);
  });
}
