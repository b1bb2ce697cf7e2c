/**
 * The signed snapshot: the whole public registry as one JWS (EdDSA), in the spirit of FIDO MDS3.
 * `serial` is the transparency log size it corresponds to, so it only grows, and a new serial
 * means something public changed. Signed once per (serial, nextUpdate) and served from memory.
 * Built from the same paged reader as the bulk exports, so building it needs little more memory
 * than the finished JWS (at 100k labels: about 110 MB, where a whole object graph took 1.9 GB).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { LabelStatus } from '../../domain/label-status.ts';
import { addDays } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { nextLabelExpiry } from '../labels/next-expiry.ts';
import { labelUrl } from '../labels/public-label.ts';
import { exportLabels, type ExportLabel } from '../open-data/export-labels.ts';
import { currentCheckpoint } from './checkpoints.ts';

export const SNAPSHOT_MEDIA_TYPE = 'application/jose';

export interface SnapshotLabel {
  registrationNumber: string;
  level: number;
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
  criteria: string;
  vendor: { name: { ja: string; en: string }; country: string; corporateNumber: string | null };
  product: { name: { ja: string; en: string }; category: string; modelNumbers: string[]; supportEndsOn: string | null };
  history: Array<{ event: string; at: string; reason: string | null; expiresAt: string | null }>;
  url: string;
}

export interface SnapshotPayload {
  iss: string;
  serial: number;
  issuedAt: string;
  /** Fetch again by then; the earlier of 24 hours and the next label expiry. */
  nextUpdate: string;
  logOrigin: string;
  /** The signed checkpoint note of log size `serial`. */
  checkpoint: string;
  labels: SnapshotLabel[];
}

export interface SignedSnapshot {
  serial: number;
  nextUpdate: Date;
  /** The compact JWS, ASCII. Kept as bytes: at 100k labels it is about 110 MB. */
  jws: Buffer;
  etag: string;
}

const cache = new WeakMap<AppContext, SignedSnapshot>();
/** The snapshot being built: requests that arrive meanwhile wait for it instead of building their own. */
const building = new WeakMap<AppContext, Promise<SignedSnapshot>>();
/** Builds again when the log grew during a build, so that `serial` matches the labels; then gives up waiting. */
const ATTEMPTS = 3;
/** JSON text is gathered in chunks of about this many bytes before it is encoded. */
const CHUNK_BYTES = 256 * 1024;

export async function signedSnapshot(ctx: AppContext): Promise<SignedSnapshot> {
  const now = ctx.clock.now();
  const checkpoint = await currentCheckpoint(ctx);
  const cached = cache.get(ctx);
  if (cached && cached.serial === checkpoint.size && now.getTime() < cached.nextUpdate.getTime()) return cached;
  let pending = building.get(ctx);
  if (!pending) {
    pending = buildSignedSnapshot(ctx).finally(() => building.delete(ctx));
    building.set(ctx, pending);
  }
  return pending;
}

async function buildSignedSnapshot(ctx: AppContext): Promise<SignedSnapshot> {
  let signed: SignedSnapshot | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const now = ctx.clock.now();
    const checkpoint = await currentCheckpoint(ctx);
    signed = await signPayload(ctx, await snapshotPayloadJson(ctx, now, checkpoint.size, checkpoint.note), checkpoint.size);
    // The labels are read page by page, not in one transaction (see export-labels.ts).
    if ((await currentCheckpoint(ctx)).size === checkpoint.size) break;
  }
  cache.set(ctx, signed!);
  return signed!;
}

/**
 * The payload's JSON text as chunks, with constant memory besides the text itself: labels come
 * page by page from the export reader, and each is serialised on its own. The bytes are what
 * `JSON.stringify(payload)` gives: `labels` is the last member, so the text is the other members,
 * then the labels joined by commas.
 */
async function snapshotPayloadJson(ctx: AppContext, now: Date, serial: number, checkpoint: string): Promise<{ chunks: Buffer[]; bytes: number; nextUpdate: Date }> {
  // Fetch again by the earlier of 24 hours and the next label expiry.
  const dayLater = addDays(now, 1);
  const expiry = await nextLabelExpiry(ctx.db, now);
  const nextUpdate = expiry && expiry < dayLater ? expiry : dayLater;
  const head: SnapshotPayload = {
    iss: ctx.publicBaseUrl,
    serial,
    issuedAt: now.toISOString(),
    nextUpdate: nextUpdate.toISOString(),
    logOrigin: ctx.logOrigin,
    checkpoint,
    labels: [],
  };
  const chunks: Buffer[] = [];
  let bytes = 0;
  let text = JSON.stringify(head).slice(0, -2);
  let first = true;
  const flush = () => {
    const chunk = Buffer.from(text, 'utf8');
    chunks.push(chunk);
    bytes += chunk.length;
    text = '';
  };
  for await (const label of exportLabels(ctx, now, { withHistory: true })) {
    text += (first ? '' : ',') + JSON.stringify(snapshotLabel(ctx, label));
    first = false;
    if (text.length >= CHUNK_BYTES) flush();
  }
  text += ']}';
  flush();
  return { chunks, bytes, nextUpdate };
}

function snapshotLabel(ctx: AppContext, label: ExportLabel): SnapshotLabel {
  const r = label.row;
  return {
    registrationNumber: r.registration_number,
    level: r.level,
    status: label.status,
    issuedAt: label.issuedAt,
    expiresAt: label.expiresAt,
    criteria: r.criteria_id,
    vendor: { name: { ja: r.vendor_name_ja, en: r.vendor_name_en }, country: r.country, corporateNumber: r.corporate_number },
    product: { name: { ja: r.name_ja, en: r.name_en }, category: r.category, modelNumbers: label.modelNumbers, supportEndsOn: r.support_ends_on },
    history: (label.history ?? []).map((e) => ({ event: e.type, at: e.at, reason: e.reason, expiresAt: e.expires_at })),
    url: labelUrl(ctx.publicBaseUrl, r.registration_number),
  };
}

/**
 * Compact JWS (RFC 7515) over the chunks, written straight into one buffer: the JSON text, its
 * base64url form and the signature input never exist twice. Signed with Ed25519 (EdDSA) off the
 * event loop. jose's CompactSign would need the whole payload as one string and then copies.
 */
async function signPayload(ctx: AppContext, payload: { chunks: Buffer[]; bytes: number; nextUpdate: Date }, serial: number): Promise<SignedSnapshot> {
  const key = ctx.keys.current();
  const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: 'hoshi-snapshot+jws' })).toString('base64url');
  const payloadLength = Math.ceil((payload.bytes * 4) / 3);
  const signatureLength = 86; // 64 bytes in base64url
  const jws = Buffer.allocUnsafe(header.length + 1 + payloadLength + 1 + signatureLength);
  let offset = jws.write(`${header}.`, 0, 'latin1');
  let carry = Buffer.alloc(0);
  for (const chunk of payload.chunks) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = data.length - (data.length % 3);
    offset += jws.write(data.subarray(0, whole).toString('base64url'), offset, 'latin1');
    carry = Buffer.from(data.subarray(whole));
  }
  payload.chunks.length = 0;
  offset += jws.write(carry.toString('base64url'), offset, 'latin1');
  const signingInput = jws.subarray(0, offset);
  const signature = await promisify(crypto.sign)(null, signingInput, key.privateKey);
  offset += jws.write(`.${signature.toString('base64url')}`, offset, 'latin1');
  return {
    serial,
    nextUpdate: payload.nextUpdate,
    jws: jws.subarray(0, offset),
    etag: `"${serial}-${payload.nextUpdate.toISOString()}"`,
  };
}
