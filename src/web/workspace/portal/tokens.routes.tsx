/**
 * The signed-in user's API tokens (/portal/tokens): created with createApiToken (the value is in
 * this one response, never stored or shown again), listed and revoked with the token use cases.
 * Operators have tokens too; their page is drawn in the account area rather than the portal.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listApiTokens, revokeApiToken } from '../../../app/users/api-tokens.ts';
import { createApiToken } from '../../../app/users/credentials.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { isVendorRole } from '../../../domain/roles.ts';
import { Line } from '../../schemas.ts';
import { sendWorkspacePage } from '../shell.tsx';
import type { WorkspaceDeps } from '../workspace.ts';
import { schemaErrors } from './form-check.ts';
import { actorOf, doneKey, errorsOf, field, hidden, idParam, isFormError, portalPage, statusOf } from './kit.tsx';
import { TOKEN_LIFETIMES, TokensMain } from './tokens-view.tsx';

/** The API's token body (POST /api/v1/tokens). */
const TokenBody = Type.Object({ name: Line(100) });

export async function tokenRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const self = { ...hidden, config: { permission: 'self' as const } };

  const show = async (request: FastifyRequest, reply: FastifyReply, state: { created?: { name: string; token: string }; form?: { name: string; days: string }; errors?: FieldError[]; status?: number } = {}) => {
    const actor = actorOf(request);
    const [tokens, page] = await Promise.all([listApiTokens(ctx, actor), portalPage(request, reply, deps)]);
    const area = actor.role !== 'system' && isVendorRole(actor.role) ? 'portal' : 'account';
    const done = doneKey(request) === 'revoked' ? page.m.tokens.revoked : undefined;
    return sendWorkspacePage(request, reply, deps, page.view, { title: page.m.tokens.title, area, status: state.status ?? 200 }, TokensMain({
      page, tokens, now: ctx.clock.now(), created: state.created ?? null, form: state.form ?? { name: '', days: '90' }, errors: state.errors ?? [], done,
    }));
  };

  app.get('/portal/tokens', self, (request, reply) => show(request, reply));

  app.post('/portal/tokens', self, async (request, reply) => {
    const actor = actorOf(request);
    const form = { name: field(request.body, 'name'), days: field(request.body, 'days') };
    const days = (TOKEN_LIFETIMES as readonly number[]).includes(Number(form.days)) ? Number(form.days) : null;
    const invalid = schemaErrors(TokenBody, { name: form.name });
    if (invalid.length) return show(request, reply, { form, errors: invalid, status: 400 });
    try {
      const created = await createApiToken(ctx, actor, { userId: actor.userId!, name: form.name, expiresInDays: days });
      return show(request, reply, { created: { name: created.name, token: created.token } });
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, { form, errors: errorsOf(error), status: statusOf(error) });
    }
  });

  app.post('/portal/tokens/:id/revoke', self, async (request, reply) => {
    await revokeApiToken(ctx, actorOf(request), idParam(request));
    return reply.redirect('/portal/tokens?done=revoked', 303);
  });
}
