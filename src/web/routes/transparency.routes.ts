/**
 * The verifiable registry: published keys, the transparency log (checkpoint, proofs, entries,
 * C2SP tiles) and the signed snapshot. All public; all cacheable.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentCheckpoint } from '../../app/transparency/checkpoints.ts';
import { consistencyProof, inclusionProof, logSize, readStoredHashes } from '../../app/transparency/log-store.ts';
import { signedSnapshot, SNAPSHOT_MEDIA_TYPE } from '../../app/transparency/snapshot.ts';
import { DomainError, validationError } from '../../domain/errors.ts';
import { publicJwk } from '../../store/signing-keys.ts';
import { formatEntryBundle, indexesForTile, parseTilePath, storedHashIndex, tileHashes, TILE_WIDTH, verifierKey } from '../../transparency/index.ts';
import type { RouteDeps } from '../server.ts';
import { problems } from '../schemas.ts';

const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
const Index = Type.Integer({ minimum: 0, maximum: 2 ** 52 });

export const transparencyRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/.well-known/jwks.json', {
    config: { permission: 'public' },
    schema: { tags: ['transparency'], summary: 'The registry public keys (JWKS); retired keys stay listed with their validity window' },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return {
      keys: ctx.keys.all().map((k) => ({
        ...publicJwk(k.publicKey),
        kid: k.kid,
        alg: 'EdDSA',
        use: 'sig',
        validFrom: k.createdAt,
        validUntil: k.retiredAt,
        noteVerifierKey: verifierKey(ctx.logOrigin, k.publicKey),
      })),
    };
  });

  app.get('/api/v1/log/checkpoint', {
    config: { permission: 'public' },
    schema: { tags: ['transparency'], summary: 'The latest signed checkpoint (C2SP signed note, text/plain)' },
  }, async (_request, reply) => {
    const checkpoint = await currentCheckpoint(ctx);
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(checkpoint.note);
  });

  app.get('/api/v1/log/proof/inclusion', {
    config: { permission: 'public' },
    schema: {
      tags: ['transparency'],
      summary: 'Inclusion proof of a leaf in the tree of a given size (RFC 9162 §2.1.3)',
      querystring: Type.Object({ index: Index, size: Type.Optional(Index) }, { additionalProperties: false }),
      response: { 200: Type.Object({ index: Type.Integer(), size: Type.Integer(), leafHash: Type.String(), proof: Type.Array(Type.String()) }), ...problems(400) },
    },
  }, async (request) => {
    const current = await logSize(ctx.db);
    const size = request.query.size ?? current;
    if (size > current || request.query.index >= size) {
      throw validationError([{ pointer: '/index', detail: `need index < size ≤ ${current}` }]);
    }
    const leafIndex = storedHashIndex(0, request.query.index);
    const [proof, read] = await Promise.all([inclusionProof(ctx.db, request.query.index, size), readStoredHashes(ctx.db, [leafIndex])]);
    const leaf = read([leafIndex])[0]!;
    return { index: request.query.index, size, leafHash: b64(leaf), proof: proof.map(b64) };
  });

  app.get('/api/v1/log/proof/consistency', {
    config: { permission: 'public' },
    schema: {
      tags: ['transparency'],
      summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
      querystring: Type.Object({ from: Index, to: Type.Optional(Index) }, { additionalProperties: false }),
      response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), proof: Type.Array(Type.String()) }), ...problems(400) },
    },
  }, async (request) => {
    const current = await logSize(ctx.db);
    const to = request.query.to ?? current;
    if (to > current || request.query.from > to) throw validationError([{ pointer: '/from', detail: `need from ≤ to ≤ ${current}` }]);
    const proof = request.query.from === 0 || request.query.from === to ? [] : await consistencyProof(ctx.db, request.query.from, to);
    return { from: request.query.from, to, proof: proof.map(b64) };
  });

  app.get('/api/v1/log/entries', {
    config: { permission: 'public' },
    schema: {
      tags: ['transparency'],
      summary: 'Log entries [start, end) with their exact leaf JSON; at most 1000 per call',
      querystring: Type.Object({ start: Index, end: Index }, { additionalProperties: false }),
      response: { 200: Type.Array(Type.Object({ index: Type.Integer(), leaf: Type.String() })), ...problems(400) },
    },
  }, async (request) => {
    const { start, end } = request.query;
    if (end <= start || end - start > 1000) throw validationError([{ pointer: '/end', detail: 'need start < end ≤ start + 1000' }]);
    const rows = await ctx.db.selectFrom('log_entries').select(['idx', 'leaf']).where('idx', '>=', start).where('idx', '<', end).orderBy('idx').execute();
    return rows.map((r) => ({ index: Number(r.idx), leaf: r.leaf }));
  });

  app.get('/api/v1/log/tile/*', {
    config: { permission: 'public' },
    schema: { tags: ['transparency'], summary: 'C2SP tlog-tiles: hash tiles tile/<L>/<N>[.p/<W>] and entry bundles tile/entries/<N>[.p/<W>] (404 problem when absent)' },
  }, async (request, reply) => {
    const path = `tile/${(request.params as { '*': string })['*']}`;
    let parsed;
    try {
      parsed = parseTilePath(path);
    } catch {
      throw new DomainError('NOT_FOUND', `No tile ${path}`);
    }
    const size = await logSize(ctx.db);
    const width = parsed.kind === 'tile' ? parsed.tile.width : parsed.width;
    const index = parsed.kind === 'tile' ? parsed.tile.index : parsed.index;
    const level = parsed.kind === 'tile' ? parsed.tile.level : 0;
    const available = Math.floor(size / TILE_WIDTH ** level);
    const exists = index * TILE_WIDTH + width <= available && (width === TILE_WIDTH || index * TILE_WIDTH + width === available);
    if (!exists) throw new DomainError('NOT_FOUND', `No tile ${path} in a tree of ${size}`);
    let body: Uint8Array;
    if (parsed.kind === 'tile') {
      const { level: l, index: n, width: w } = parsed.tile;
      body = tileHashes(l, n, w, await readStoredHashes(ctx.db, indexesForTile(l, n, w)));
    } else {
      const rows = await ctx.db.selectFrom('log_entries').select('leaf').where('idx', '>=', index * TILE_WIDTH).where('idx', '<', index * TILE_WIDTH + width).orderBy('idx').execute();
      body = formatEntryBundle(rows.map((r) => new TextEncoder().encode(r.leaf)));
    }
    reply.header('cache-control', width === TILE_WIDTH ? 'public, max-age=31536000, immutable' : 'public, max-age=10');
    return reply.type('application/octet-stream').send(Buffer.from(body));
  });

  app.get('/api/v1/snapshot', {
    config: { permission: 'public' },
    schema: { tags: ['transparency'], summary: 'The whole public registry as one signed JWS (EdDSA); ETag per serial, 304 when unchanged' },
  }, async (request, reply) => {
    const snapshot = await signedSnapshot(ctx);
    reply.header('etag', snapshot.etag).header('cache-control', 'public, max-age=60');
    if (request.headers['if-none-match'] === snapshot.etag) return reply.code(304).send();
    return reply.type(SNAPSHOT_MEDIA_TYPE).send(snapshot.jws);
  });
};
