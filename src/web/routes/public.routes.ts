/** Public, unauthenticated routes: health, API description, error catalogue, the label registry. */
import { sql } from 'kysely';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getPublicLabel } from '../../app/labels/public-label.ts';
import { cachedListResponse } from '../cached-list.ts';
import { DomainError, ERROR_CATALOGUE } from '../../domain/errors.ts';
import { validationError } from '../../domain/errors.ts';
import { CriteriaFile } from '../../catalog/catalog.schema.ts';
import { cachedLabelJson, sendCached } from '../label-json.ts';
import type { RouteDeps } from '../server.ts';
import { LabelListQuery, LabelListSchema, problems, PublicLabelSchema, RegistrationNumberParam } from '../schemas.ts';

export const publicRoutes = ({ ctx, cache }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/healthz', {
    config: { permission: 'public' },
    schema: { tags: ['meta'], summary: 'Liveness and database check', response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }) } },
  }, async () => {
    await sql`select 1`.execute(ctx.db);
    return { status: 'ok' as const, database: 'ok' };
  });

  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  app.get('/api/problems', {
    config: { permission: 'public' },
    schema: { tags: ['meta'], summary: 'The catalogue of error codes (the `type` URIs of problem details point here)' },
  }, async () =>
    Object.entries(ERROR_CATALOGUE).map(([code, e]) => ({ code, status: e.status, title: e.title, description: e.description })),
  );

  app.get('/api/v1/labels', {
    config: { permission: 'public' },
    schema: {
      tags: ['labels'],
      summary: 'Search and list labels; a text search counts exactly up to 1,000 matches, then answers total 1000 with totalRelation "gte"',
      description: 'Newest first, keyset-paginated: pass `nextCursor` back as `cursor` with the same filters.',
      querystring: LabelListQuery,
      response: { 200: LabelListSchema, ...problems(400) },
    },
  }, async (request, reply) => {
    const { vendor, ...rest } = request.query;
    // The cached bytes as they are: built from the same result type the schema describes.
    return sendCached(request, reply, await cachedListResponse(ctx, cache, { ...rest, vendorId: vendor }), 'application/json; charset=utf-8');
  });

  app.get('/api/v1/labels/:registrationNumber', {
    config: { permission: 'public' },
    schema: {
      tags: ['labels'],
      summary: 'One label with its product, vendor, security facts and status history',
      description: 'With `at`, the status is computed for that instant (e.g. the date of supply for UK PSTI).',
      params: RegistrationNumberParam,
      querystring: Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
      response: { 200: PublicLabelSchema, ...problems(400, 404) },
    },
  }, async (request, reply) => {
    const at = request.query.at ? new Date(request.query.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw validationError([{ pointer: '/at', detail: 'must be a date-time' }]);
    if (at) return getPublicLabel(ctx, request.params.registrationNumber, at);
    return sendCached(request, reply, await cachedLabelJson(ctx, cache, request.params.registrationNumber), 'application/json; charset=utf-8');
  });

  app.get('/api/v1/catalog', {
    config: { permission: 'public' },
    schema: { tags: ['catalog'], summary: 'Schemes, levels, categories, fees and the criteria in force' },
  }, async () => ({
    schemes: [...ctx.catalog.schemes.values()],
    criteria: [...ctx.catalog.criteria.values()].map((c) => ({ id: c.id, scheme: c.scheme, level: c.level, version: c.version, title: c.title })),
  }));

  app.get('/api/v1/catalog/criteria/:id', {
    config: { permission: 'public' },
    schema: { tags: ['catalog'], summary: 'A criteria document with its requirements and assessment items', params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: CriteriaFile, ...problems(404) } },
  }, async (request) => {
    const doc = ctx.catalog.criteria.get(request.params.id);
    if (!doc) throw new DomainError('NOT_FOUND', 'No such criteria document');
    return doc;
  });
};
