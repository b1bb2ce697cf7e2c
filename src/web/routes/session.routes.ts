/** Log-in (session cookie), log-out, the current user, and the user's own API tokens. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApiToken, createSession, deleteSession } from '../../app/users/credentials.ts';
import { logIn } from '../../app/users/log-in.ts';
import { toUserView } from '../../app/users/user-view.ts';
import { DomainError } from '../../domain/errors.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, Line, problems, UserSchema } from '../schemas.ts';

export const sessionRoutes = ({ ctx, config }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  const secure = config.trustProxy || config.publicBaseUrl.startsWith('https:');

  app.post('/api/v1/session', {
    config: { permission: 'public' },
    schema: {
      tags: ['session'],
      summary: 'Log in with e-mail and password; sets an HttpOnly session cookie',
      body: Type.Object({ email: Line(254), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: UserSchema, ...problems(400, 401, 429) },
    },
  }, async (request, reply) => {
    const user = await logIn(ctx, request.body.email, request.body.password);
    const secret = await createSession(ctx, user, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
    reply.setCookie(SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      maxAge: config.sessionAbsoluteHours * 3600,
    });
    return user;
  });

  app.delete('/api/v1/session', {
    config: { permission: 'public' },
    schema: { tags: ['session'], summary: 'Log out (204 No Content)' },
  }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await deleteSession(ctx, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/me', {
    config: { permission: 'self' },
    schema: { tags: ['session'], summary: 'The authenticated user', security: AUTHENTICATED, response: { 200: UserSchema, ...problems(401) } },
  }, async (request) => {
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', request.actor!.userId!).executeTakeFirst();
    if (!row) throw new DomainError('UNAUTHENTICATED');
    return toUserView(row);
  });

  app.post('/api/v1/tokens', {
    config: { permission: 'self' },
    schema: {
      tags: ['session'],
      summary: 'Create an API token for yourself (shown once)',
      security: AUTHENTICATED,
      body: Type.Object({ name: Line(100), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), name: Type.String(), token: Type.String(), expiresAt: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 401) },
    },
  }, async (request, reply) => {
    const actor = request.actor!;
    const created = await createApiToken(ctx, actor, { userId: actor.userId!, name: request.body.name, expiresInDays: request.body.expiresInDays ?? null });
    return reply.code(201).send(created);
  });
};
