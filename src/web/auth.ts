/**
 * Authentication (API token or session cookie) and the per-route permission check. Every route
 * must declare `config.permission`; registering one without it fails at start-up, so no route is
 * public by accident.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../app/context.ts';
import { resolveApiToken, resolveSession, type SessionPolicy } from '../app/users/credentials.ts';
import { DomainError } from '../domain/errors.ts';
import { PERMISSIONS, roleHas, type Permission } from '../domain/roles.ts';

export const SESSION_COOKIE = 'hoshi_session';

/** `public`: anyone; otherwise a permission from src/domain/roles.ts. */
export type RoutePermission = 'public' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyInstance {
    /** Every route with its declared permission (for docs and the authorization tests). */
    routePermissions: Array<{ method: string; url: string; permission: RoutePermission }>;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authMethod: 'token' | 'session' | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuth(app: FastifyInstance, ctx: AppContext, sessions: SessionPolicy): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);

  const table: FastifyInstance['routePermissions'] = [];
  app.decorate('routePermissions', table);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (permission === undefined) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    if (permission !== 'public' && !(permission in PERMISSIONS)) {
      throw new Error(`Route ${route.method} ${route.url} declares unknown permission ${permission}`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, permission });
  });

  // onRequest: before the body is parsed or validated, so an anonymous or unauthorised caller
  // learns nothing from validation errors and never makes the server parse a large body.
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return;
    const actor = await authenticate(ctx, request, sessions);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.role !== 'system' && !roleHas(actor.role, permission)) {
      throw new DomainError('FORBIDDEN', `Your role (${actor.role}) lacks ${permission}`);
    }
    request.actor = actor;
  });
}

async function authenticate(ctx: AppContext, request: FastifyRequest, sessions: SessionPolicy): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await resolveApiToken(ctx, match[1]!) : undefined;
    if (actor) request.authMethod = 'token';
    return actor;
  }
  const secret = request.cookies?.[SESSION_COOKIE];
  if (!secret) return undefined;
  // Cookies ride along on cross-site requests; refuse state changes that a browser says come from
  // another site (SameSite=Strict already stops most; this covers old browsers and subdomains).
  if (UNSAFE.has(request.method) && request.headers['sec-fetch-site'] === 'cross-site') {
    throw new DomainError('FORBIDDEN', 'Cross-site request refused');
  }
  const actor = await resolveSession(ctx, secret, sessions);
  if (actor) request.authMethod = 'session';
  return actor;
}
