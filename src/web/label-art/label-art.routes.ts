/**
 * Label artwork: SVG and PNG with the level, registration number and QR code. Public, because
 * vendors print it and retailers embed it; a label that is not valid carries a status band.
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getPublicLabel } from '../../app/labels/public-label.ts';
import type { RouteDeps } from '../server.ts';
import { problems, RegistrationNumberParam } from '../schemas.ts';
import { PNG_MAX_WIDTH, PNG_MIN_WIDTH, renderLabelPng } from './label-png.ts';
import { renderLabelSvg } from './label-svg.ts';
import { RenderCache } from './render-cache.ts';

export const PNG_DEFAULT_WIDTH = 800;
const CACHE_CONTROL = 'public, max-age=300';
/** The SVG is a document when opened directly: it may run nothing and load nothing. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const PngQuery = Type.Object(
  {
    width: Type.Integer({ minimum: PNG_MIN_WIDTH, maximum: PNG_MAX_WIDTH, default: PNG_DEFAULT_WIDTH, description: 'Width in pixels; the height follows the aspect ratio.' }),
  },
  { additionalProperties: false },
);

const image = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: { type: 'string', ...(mediaType === 'image/png' ? { format: 'binary' } : {}) } } },
});
const notModified = { 304: { description: 'Not modified (the `If-None-Match` ETag still matches)', type: 'null' } };

export const labelArtRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  const pngCache = new RenderCache(32 * 1024 * 1024);
  const rendering = new Map<string, Promise<Buffer>>();

  /** The SVG for the label as it stands now; NOT_FOUND for unknown numbers. */
  async function labelSvg(registrationNumber: string) {
    const label = await getPublicLabel(ctx, registrationNumber);
    const svg = renderLabelSvg({ level: label.level, registrationNumber: label.registrationNumber, url: label.url, status: label.status });
    return { registrationNumber: label.registrationNumber, svg };
  }

  app.get('/labels/:registrationNumber/label.svg', {
    config: { permission: 'public' },
    schema: {
      tags: ['labels'],
      summary: 'Label artwork as SVG (vector, for print)',
      description: 'Level stars, registration number and a QR code that opens the product page. A label that is not valid carries a diagonal status band. Printing sizes: docs/label-artwork.md.',
      params: RegistrationNumberParam,
      response: { 200: image('image/svg+xml', 'The label artwork'), ...notModified, ...problems(400, 404) },
    },
  }, async (request, reply) => {
    const { registrationNumber, svg } = await labelSvg(request.params.registrationNumber);
    reply.header('content-security-policy', SVG_CSP);
    return sendArtwork(request, reply, Buffer.from(svg, 'utf8'), 'image/svg+xml; charset=utf-8', `${registrationNumber}.svg`);
  });

  app.get('/labels/:registrationNumber/label.png', {
    config: { permission: 'public' },
    schema: {
      tags: ['labels'],
      summary: 'Label artwork as PNG',
      description: `Rendered from the SVG with the bundled Noto Sans JP font, so it is identical on every server. \`width\` ${PNG_MIN_WIDTH}–${PNG_MAX_WIDTH} px, default ${PNG_DEFAULT_WIDTH}.`,
      params: RegistrationNumberParam,
      querystring: PngQuery,
      response: { 200: image('image/png', 'The label artwork'), ...notModified, ...problems(400, 404) },
    },
  }, async (request, reply) => {
    const { registrationNumber, svg } = await labelSvg(request.params.registrationNumber);
    const width = request.query.width;
    const key = `${sha256(svg)}:${width}`;
    let png = pngCache.get(key);
    if (!png) {
      // Concurrent requests for the same artwork share one render.
      let pending = rendering.get(key);
      if (!pending) {
        pending = renderLabelPng(svg, { widthPx: width }).finally(() => rendering.delete(key));
        rendering.set(key, pending);
      }
      png = await pending;
      pngCache.set(key, png);
    }
    return sendArtwork(request, reply, png, 'image/png', `${registrationNumber}.png`);
  });
};

function sendArtwork(request: FastifyRequest, reply: FastifyReply, body: Buffer, contentType: string, filename: string) {
  const etag = `"${sha256(body).slice(0, 32)}"`;
  reply
    .header('etag', etag)
    .header('cache-control', CACHE_CONTROL)
    .header('cross-origin-resource-policy', 'cross-origin');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply
    .type(contentType)
    .header('content-disposition', `inline; filename="${filename}"`)
    .send(body);
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}
