/**
 * The public label JSON, served from the public cache when nothing changed. Shared by the API
 * route and the product page's JSON negotiation, so both answer the same bytes.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { getPublicLabel } from '../app/labels/public-label.ts';
import { publicVersion } from '../app/public-version.ts';
import { canonicalRegistrationNumber } from '../domain/registration-number.ts';
import { cacheDeadline, type CachedResponse, type PublicCache } from './public-cache.ts';

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export async function cachedLabelJson(ctx: AppContext, cache: PublicCache, registrationNumber: string): Promise<CachedResponse> {
  const key = `label-json:${canonicalRegistrationNumber(registrationNumber)}`;
  const [version, now] = [await publicVersion(ctx), ctx.clock.now()];
  const hit = cache.get(key, version, now.getTime());
  if (hit) return hit;
  return cache.fill(key, version, async () => {
    const label = await getPublicLabel(ctx, registrationNumber);
    const body = Buffer.from(JSON.stringify(label));
    return { version, until: cacheDeadline(now, [label.expiresAt, label.security.securityTxt?.expiresAt]), body, etag: etagOf(body) };
  });
}

/** Sends a cached public response with validators; 304 when the client has it. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse, contentType: string): FastifyReply {
  reply.header('etag', entry.etag).header('cache-control', 'public, max-age=60');
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.type(contentType).send(entry.body);
}
