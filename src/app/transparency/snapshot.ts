/**
 * The signed snapshot: the whole public registry as one JWS (EdDSA), in the spirit of FIDO MDS3.
 * `serial` is the transparency log size it corresponds to, so it only grows, and a new serial
 * means something public changed. Signed once per (serial, nextUpdate) and served from memory.
 */
import { CompactSign } from 'jose';
import { deriveStatus, type LabelStatus } from '../../domain/label-status.ts';
import { addDays } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import { groupByLabel } from '../open-data/export-labels.ts';
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
  jws: string;
  etag: string;
}

const cache = new WeakMap<AppContext, SignedSnapshot>();

export async function signedSnapshot(ctx: AppContext): Promise<SignedSnapshot> {
  const now = ctx.clock.now();
  const checkpoint = await currentCheckpoint(ctx);
  const cached = cache.get(ctx);
  if (cached && cached.serial === checkpoint.size && now.getTime() < cached.nextUpdate.getTime()) return cached;

  const payload = await buildSnapshotPayload(ctx, now, checkpoint.size, checkpoint.note);
  const key = ctx.keys.current();
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'hoshi-snapshot+jws' })
    .sign(key.privateKey);
  const signed = { serial: checkpoint.size, nextUpdate: new Date(payload.nextUpdate), jws, etag: `"${checkpoint.size}-${payload.nextUpdate}"` };
  cache.set(ctx, signed);
  return signed;
}

async function buildSnapshotPayload(ctx: AppContext, now: Date, serial: number, checkpoint: string): Promise<SnapshotPayload> {
  const [labels, events, models] = await Promise.all([
    ctx.db
      .selectFrom('labels')
      .innerJoin('products', 'products.id', 'labels.product_id')
      .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
      .select([
        'labels.id', 'labels.registration_number', 'labels.level', 'labels.base_status', 'labels.issued_at', 'labels.expires_at',
        'labels.criteria_id', 'products.name_ja', 'products.name_en', 'products.category', 'products.support_ends_on',
        'vendors.name_ja as vendor_ja', 'vendors.name_en as vendor_en', 'vendors.country', 'vendors.corporate_number',
      ])
      .orderBy('labels.registration_number')
      .execute(),
    ctx.db.selectFrom('label_events').select(['label_id', 'type', 'at', 'reason', 'expires_at']).orderBy('label_id').orderBy('seq').execute(),
    ctx.db.selectFrom('label_model_numbers').select(['label_id', 'model_number']).orderBy('label_id').orderBy('position').execute(),
  ]);
  const eventsBy = groupByLabel(events);
  const modelsBy = groupByLabel(models);
  let nextUpdate = addDays(now, 1);
  const out: SnapshotLabel[] = labels.map((l) => {
    const expiresAt = new Date(l.expires_at);
    if (expiresAt > now && expiresAt < nextUpdate) nextUpdate = expiresAt;
    return {
      registrationNumber: l.registration_number,
      level: l.level,
      status: deriveStatus(l.base_status as never, expiresAt, now),
      issuedAt: l.issued_at,
      expiresAt: l.expires_at,
      criteria: l.criteria_id,
      vendor: { name: { ja: l.vendor_ja, en: l.vendor_en }, country: l.country, corporateNumber: l.corporate_number },
      product: {
        name: { ja: l.name_ja, en: l.name_en },
        category: l.category,
        modelNumbers: (modelsBy.get(l.id) ?? []).map((m) => m.model_number),
        supportEndsOn: l.support_ends_on,
      },
      history: (eventsBy.get(l.id) ?? []).map((e) => ({ event: e.type, at: e.at, reason: e.reason, expiresAt: e.expires_at })),
      url: labelUrl(ctx.publicBaseUrl, l.registration_number),
    };
  });
  return {
    iss: ctx.publicBaseUrl,
    serial,
    issuedAt: now.toISOString(),
    nextUpdate: nextUpdate.toISOString(),
    logOrigin: ctx.logOrigin,
    checkpoint,
    labels: out,
  };
}
