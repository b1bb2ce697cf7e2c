/**
 * The HTTP server: Fastify with TypeBox schemas that validate every request and double as the
 * OpenAPI 3.1 document at /api/openapi.json.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../app/context.ts';
import type { Config } from '../config.ts';
import { DomainError, validationError } from '../domain/errors.ts';
import { registerAuth } from './auth.ts';
import { PublicCache } from './public-cache.ts';
import { sendProblem, toDomainError } from './problem.ts';
import { applicationRoutes } from './routes/applications.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { labelArtRoutes } from './label-art/label-art.routes.ts';
import { pageRoutes } from './pages/pages.routes.ts';
import { labelActionRoutes } from './routes/label-actions.routes.ts';
import { productRoutes } from './routes/products.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { transparencyRoutes } from './routes/transparency.routes.ts';
import { openDataRoutes } from './routes/open-data.routes.ts';
import { recognitionRoutes } from './routes/recognition.routes.ts';
import { pstiRoutes } from './routes/psti.routes.ts';
import { pstiDocumentRoutes } from './routes/psti-document.routes.ts';
import { advisoryRoutes } from './routes/advisories.routes.ts';
import { securityInfoRoutes } from './routes/security-info.routes.ts';
import { subscriptionRoutes } from './routes/subscriptions.routes.ts';
import { evaluationRoutes } from './routes/evaluation.routes.ts';

export type ServerConfig = Pick<
  Config,
  'publicBaseUrl' | 'maxBodyBytes' | 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'trustProxy' | 'logLevel'
> & Partial<Pick<Config, 'rateLimitPerMinute'>> & {
  /** Where log lines go (default standard output); tests capture them to scan for secrets. */
  logStream?: NodeJS.WritableStream;
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export async function buildServer(ctx: AppContext, config: ServerConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(config.logStream && { stream: config.logStream }),
    },
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // Request ids need only be unique; randomUUID draws from a pre-filled entropy pool, where a
    // UUIDv7 per request cost a synchronous randomBytes call (3 % of a cached page's CPU time).
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON only: Fastify's default text/plain parser would let form-like bodies through.
  app.removeContentTypeParser('text/plain');
  // Action routes (accept, issue, withdraw…) take an optional body: no body means `{}`.
  // No parameter may hold U+0000: no identifier or search contains it, and PostgreSQL text cannot.
  // The API refuses it; pages, which read their queries leniently, drop it from the query.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.method === 'POST') request.body = {};
    const query = (request.query ?? {}) as Record<string, unknown>;
    const isApi = request.url.startsWith('/api/');
    if (!isApi) {
      for (const [k, v] of Object.entries(query)) {
        if (typeof v === 'string') query[k] = v.replaceAll('\u0000', '');
        else if (Array.isArray(v)) query[k] = v.map((x) => (typeof x === 'string' ? x.replaceAll('\u0000', '') : x));
      }
    }
    const nul = [...Object.entries((request.params ?? {}) as Record<string, unknown>).map(([k, v]) => ['path', k, v] as const),
      ...(isApi ? Object.entries(query).map(([k, v]) => ['query', k, v] as const) : [])]
      .filter(([, , v]) => [v].flat().some((x) => typeof x === 'string' && x.includes('\u0000')));
    if (nul.length) throw validationError(nul.map(([where, k]) => ({ pointer: `/${where}/${k}`, detail: 'must not contain U+0000 (NUL)' })));
  });
  await app.register(cookie);
  // One budget per client address for every route (searches, artwork renders, log-ins alike),
  // kept in each process's memory: a cheap first line; a proxy or CDN limit belongs in front.
  // Loopback is exempt (local tools, health checks); behind a proxy, TRUST_PROXY makes the
  // client's address the key.
  if (config.rateLimitPerMinute) {
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (request) => LOOPBACK.has(request.ip),
      errorResponseBuilder: (_request, context) =>
        new DomainError('RATE_LIMITED', `Too many requests from your address; try again in ${Math.ceil(context.ttl / 1000)} s`, [], { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hoshi registry API',
        version: '1',
        description: 'JC-STAR label registry: public label lookups, vendor applications and operator decisions. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      servers: [{ url: config.publicBaseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token created with `hoshi tokens create` or POST /api/v1/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'hoshi_session' },
        },
      },
    },
  });

  registerAuth(app, ctx, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });

  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, config.publicBaseUrl, toDomainError(error, request)));
  app.setNotFoundHandler({ preHandler: undefined }, (request, reply) =>
    sendProblem(reply, request, config.publicBaseUrl, new DomainError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
  // Baseline headers on every response. Pages and artwork set their own CSP (their hooks and
  // handlers run before this default is applied only where none is set).
  const isTls = config.trustProxy || config.publicBaseUrl.startsWith('https:');
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (isTls) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Whatever answers an authenticated request is personal: no cache may keep it.
    if (request.actor && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const deps: RouteDeps = { ctx, config, cache: new PublicCache() };
  await app.register(publicRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(productRoutes(deps));
  await app.register(applicationRoutes(deps));
  await app.register(labelActionRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(transparencyRoutes(deps));
  await app.register(openDataRoutes(deps));
  await app.register(recognitionRoutes(deps));
  await app.register(pstiRoutes(deps));
  await app.register(pstiDocumentRoutes(deps));
  await app.register(securityInfoRoutes(deps));
  await app.register(advisoryRoutes(deps));
  await app.register(subscriptionRoutes(deps));
  await app.register(labelArtRoutes(deps));
  await app.register(pageRoutes(deps));
  await app.register(evaluationRoutes(deps));
  return app;
}

export interface RouteDeps {
  ctx: AppContext;
  config: ServerConfig;
  /** Rendered public responses, invalidated by the registry's public version. */
  cache: PublicCache;
}
