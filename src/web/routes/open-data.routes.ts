/**
 * Open data: bulk exports (CSV, JSON), the Atom feed of label events and the change feed for
 * mirrors. All public, all cacheable by a CDN: weak ETags and Last-Modified from the registry
 * version, 304 on If-None-Match / If-Modified-Since (RFC 9110 §13). See docs/open-data.md.
 */
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ATOM_MEDIA_TYPE, FEED_PATH, renderAtomFeed } from '../../app/open-data/atom-feed.ts';
import { EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT, parseCursor, readChangeFeed } from '../../app/open-data/change-feed.ts';
import { labelFeedEntries } from '../../app/open-data/feed-entries.ts';
import { CSV_MEDIA_TYPE, csvFileName, labelsCsv } from '../../app/open-data/labels-csv.ts';
import { labelsJson } from '../../app/open-data/labels-json.ts';
import { registryVersion, type RegistryVersion } from '../../app/open-data/registry-version.ts';
import type { RouteDeps } from '../server.ts';
import { problems } from '../schemas.ts';

const EXPORT_CACHE = 'public, max-age=300';

/** RFC 9110 §13.1.2 weak comparison: W/"x" matches "x". */
const opaqueTag = (tag: string) => tag.replace(/^W\//, '');

/** True when the client's copy is current: If-None-Match first; If-Modified-Since only without it. */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((t) => opaqueTag(t) === opaqueTag(etag));
  }
  const since = request.headers['if-modified-since'];
  if (since && lastModified) {
    const date = Date.parse(since);
    // HTTP dates have whole seconds.
    if (!Number.isNaN(date)) return Math.floor(lastModified.getTime() / 1000) * 1000 <= date;
  }
  return false;
}

/** Sets the validators and cache policy; answers 304 and returns true when the client is current. */
function conditional(request: FastifyRequest, reply: FastifyReply, etag: string, lastModified: Date | null, cacheControl: string): boolean {
  reply.header('etag', etag).header('cache-control', cacheControl).header('access-control-allow-origin', '*');
  if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  if (!isNotModified(request, etag, lastModified)) return false;
  void reply.code(304).send();
  return true;
}

const versionTag = (kind: string, v: RegistryVersion) => `W/"${kind}-${v.logSize}-${v.digest}"`;

export const openDataRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/exports/labels.csv', {
    config: { permission: 'public' },
    schema: {
      tags: ['open data'],
      summary: 'Every label as CSV, one row per model number (UTF-8 with BOM, CRLF); ETag/304',
      description: 'Statuses are derived at the response instant. Text that a spreadsheet would read as a formula gets a leading apostrophe. Cacheable for 5 minutes.',
    },
  }, async (request, reply) => {
    const now = ctx.clock.now();
    const version = await registryVersion(ctx, now);
    if (conditional(request, reply, versionTag('labels-csv', version), version.lastModified, EXPORT_CACHE)) return reply;
    reply.type(CSV_MEDIA_TYPE).header('content-disposition', `attachment; filename="${csvFileName(now)}"`);
    return reply.send(request.method === 'HEAD' ? '' : Readable.from(labelsCsv(ctx, now)));
  });

  app.get('/api/v1/exports/labels.json', {
    config: { permission: 'public' },
    schema: {
      tags: ['open data'],
      summary: 'Every label as one JSON document { generatedAt, logSize, labels }; ETag/304',
      description: 'Each label as GET /api/v1/labels/{registrationNumber} shows it, without the receipt. For a signed whole, use /api/v1/snapshot. Cacheable for 5 minutes.',
    },
  }, async (request, reply) => {
    const now = ctx.clock.now();
    const version = await registryVersion(ctx, now);
    if (conditional(request, reply, versionTag('labels-json', version), version.lastModified, EXPORT_CACHE)) return reply;
    reply.type('application/json; charset=utf-8');
    return reply.send(request.method === 'HEAD' ? '' : Readable.from(labelsJson(ctx, now, version.logSize)));
  });

  app.get(FEED_PATH, {
    config: { permission: 'public' },
    schema: {
      tags: ['open data'],
      summary: 'Atom feed of the newest 100 label events, expiries included; ETag/304',
    },
  }, async (request, reply) => {
    const now = ctx.clock.now();
    const version = await registryVersion(ctx, now);
    if (conditional(request, reply, versionTag('labels-atom', version), version.lastModified, EXPORT_CACHE)) return reply;
    const entries = await labelFeedEntries(ctx, now);
    return reply.type(ATOM_MEDIA_TYPE).send(renderAtomFeed(ctx, entries, version.lastModified ?? now));
  });

  app.get('/api/v1/events', {
    config: { permission: 'public' },
    schema: {
      tags: ['open data'],
      summary: 'Change feed: public label events in log order after a cursor, for mirrors',
      description:
        'Start without `since`; store `nextCursor` and poll with `since=<nextCursor>`. The cursor is a log position (decimal string); no event is missed or repeated. A full page is immutable and cached for a year.',
      querystring: Type.Object(
        {
          since: Type.Optional(Type.String({ description: 'A `nextCursor` (or an event `cursor`) as received; omit to start at the beginning' })),
          limit: Type.Integer({ minimum: 1, maximum: EVENTS_MAX_LIMIT, default: EVENTS_DEFAULT_LIMIT }),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          events: Type.Array(
            Type.Object({
              cursor: Type.String({ description: 'Resume after this event' }),
              index: Type.Integer({ description: '0-based transparency log index' }),
              type: Type.String({ description: 'e.g. label.revoked' }),
              at: Type.String({ format: 'date-time' }),
              registrationNumber: Type.String(),
              leaf: Type.String({ description: 'The exact canonical JSON (RFC 8785) hashed into the log' }),
            }),
          ),
          nextCursor: Type.String({ description: 'Poll again with since=nextCursor' }),
          hasMore: Type.Boolean({ description: 'More events are available now: ask again at once' }),
        }),
        ...problems(400),
      },
    },
  }, async (request, reply) => {
    const since = await parseCursor(ctx, request.query.since);
    const page = await readChangeFeed(ctx, since, request.query.limit);
    // A page with more after it can never change (the log only grows); the tail can.
    const cache = page.hasMore ? 'public, max-age=31536000, immutable' : 'public, max-age=10';
    const etag = `W/"events-${since}-${request.query.limit}-${page.nextCursor}-${page.hasMore ? 1 : 0}"`;
    if (conditional(request, reply, etag, null, cache)) return reply;
    return page;
  });
};
