/**
 * A deterministic synthetic registry for benchmarks: N labels with M model numbers each, spread
 * over vendors, categories, years and every status. For speed it writes rows in bulk instead of
 * running each use case (a million model numbers through per-label transactions would take too
 * long), but it writes the same rows the use cases write: applications, labels, label events,
 * search documents, audit events, and the transparency log, whose leaves are built by the same
 * code as live ones and appended in time order.
 */
import { SYSTEM_ACTOR, type AppContext } from '../app/context.ts';
import { loadPublicLabel } from '../app/labels/public-label.ts';
import { foldForSearch } from '../app/labels/label-search.ts';
import { canonicalJson, type LogEventType } from '../app/transparency/log-leaf.ts';
import { appendLeaves } from '../app/transparency/log-store.ts';
import { createHash } from 'node:crypto';
import { modelNumberKey } from '../domain/model-number.ts';
import { formatApplicationNumber, formatRegistrationNumber, sequenceName } from '../domain/registration-number.ts';
import { addDays, addMonths, jstYear } from '../domain/time.ts';
import { reserveSequenceValues } from '../store/sequences.ts';
import { isPostgres, refreshPlannerStatistics } from '../store/database.ts';
import { refreshTrigramCounts } from '../app/labels/trigram-counts.ts';
import { sql, type Insertable } from 'kysely';
import type {
  ApplicationModelNumbersTable,
  ApplicationsTable,
  AuditEventsTable,
  LabelEventsTable,
  LabelModelNumbersTable,
  LabelSearchTable,
  LabelsTable,
  ProductModelNumbersTable,
  ProductsTable,
  SupportDeclarationsTable,
} from '../store/schema.ts';

export interface SyntheticOptions {
  labels: number;
  modelsPerLabel: number;
  seed?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** mulberry32: a tiny, well-known deterministic PRNG (no dependency needed for a benchmark). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VENDOR_JA = ['さくら', 'あおば', 'ひかり', 'みなと', 'つばさ', 'かすみ', 'こはく', 'しらかば', 'あさひ', 'ほくと', 'やまと', 'はるか'];
const VENDOR_KIND = [['電機', 'Denki'], ['ネットワークス', 'Networks'], ['システムズ', 'Systems'], ['テック', 'Tech'], ['通信', 'Communications']] as const;
const PRODUCT_BY_CATEGORY: Record<string, [string, string, string]> = {
  router: ['Wi-Fi 6 ホームルーター', 'Wi-Fi 6 Home Router', 'WR'],
  'network-camera': ['屋外ネットワークカメラ', 'Outdoor Network Camera', 'NC'],
  'smart-home-hub': ['スマートホームハブ', 'Smart Home Hub', 'HB'],
  'smart-speaker': ['スマートスピーカー', 'Smart Speaker', 'SP'],
  'smart-appliance': ['ネット対応エアコン', 'Connected Air Conditioner', 'AC'],
  printer: ['カラー複合機', 'Colour Multifunction Printer', 'MF'],
  nas: ['ネットワークストレージ', 'Network Storage', 'NS'],
  wearable: ['スマートウォッチ', 'Smartwatch', 'SW'],
  'smart-lock': ['スマートロック', 'Smart Lock', 'SL'],
  'industrial-gateway': ['産業用IoTゲートウェイ', 'Industrial IoT Gateway', 'IG'],
  other: ['IoTセンサー', 'IoT Sensor', 'SN'],
};

/** Corporate number with a valid check digit from a 12-digit base. */
function corporateNumber(base: number): string {
  const digits = String(base).padStart(12, '0');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(digits[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${digits}`;
}

export async function seedSynthetic(ctx: AppContext, options: SyntheticOptions): Promise<{ vendors: number; labels: number; modelNumbers: number; logSize: number }> {
  const random = prng(options.seed ?? 20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const vendorCount = Math.max(1, Math.ceil(options.labels / 100));
  const categories = Object.keys(PRODUCT_BY_CATEGORY);
  const progress = options.onProgress ?? (() => undefined);

  const userId = ctx.newId();
  await ctx.db.insertInto('users').values({ id: userId, email: 'synthetic@bench.hoshi.example', display_name: 'Synthetic data', password_hash: '!', role: 'reviewer', vendor_id: null, created_at: nowIso, disabled_at: null }).execute();

  const vendors: Array<{ id: string; ja: string; en: string }> = [];
  await ctx.db.transaction().execute(async (trx) => {
    const rows = Array.from({ length: vendorCount }, (_, i) => {
      const [kindJa, kindEn] = VENDOR_KIND[i % VENDOR_KIND.length]!;
      const root = VENDOR_JA[i % VENDOR_JA.length]!;
      const v = { id: ctx.newId(), ja: `${root}${kindJa}第${i + 1}株式会社（合成）`, en: `Synthetic ${kindEn} ${i + 1} K.K.` };
      vendors.push(v);
      return { id: v.id, name_ja: v.ja, name_en: v.en, address: `東京都千代田区${(i % 9) + 1}-${(i % 20) + 1}`, country: 'JP', corporate_number: corporateNumber(990000000000 + i), legal_entity_proof: null, website: `https://v${i}.example.jp`, is_demo: 1, created_at: nowIso, updated_at: nowIso };
    });
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('vendors').values(rows.slice(i, i + 500)).execute();
  });

  // Labels are issued in time order over the last ~20 months so serials follow issue dates.
  const spanDays = 600;
  const events: Array<{ labelId: string; rn: string; type: LogEventType; at: Date }> = [];
  const BATCH = 1000;
  let modelNumbers = 0;
  for (let start = 0; start < options.labels; start += BATCH) {
    await ctx.db.transaction().execute(async (trx) => {
      const count = Math.min(BATCH, options.labels - start);
      const products: Insertable<ProductsTable>[] = [];
      const supportDeclarations: Insertable<SupportDeclarationsTable>[] = [];
      const productModels: Insertable<ProductModelNumbersTable>[] = [];
      const applications: Insertable<ApplicationsTable>[] = [];
      const appModels: Insertable<ApplicationModelNumbersTable>[] = [];
      const labels: Insertable<LabelsTable>[] = [];
      const labelModels: Insertable<LabelModelNumbersTable>[] = [];
      const labelEvents: Insertable<LabelEventsTable>[] = [];
      const search: Insertable<LabelSearchTable>[] = [];
      const audits: Insertable<AuditEventsTable>[] = [];
      for (let k = 0; k < count; k++) {
        const i = start + k;
        const vendor = vendors[i % vendorCount]!;
        const category = pick(categories);
        const [nameJa, nameEn, code] = PRODUCT_BY_CATEGORY[category]!;
        const issuedAt = addDays(now, -spanDays + Math.floor((i / options.labels) * (spanDays - 5)));
        const roll = random();
        const expired = roll < 0.07;
        const expiresAt = expired ? addDays(now, -1 - Math.floor(random() * 60)) : addMonths(issuedAt, 24);
        const productId = ctx.newId();
        const appId = ctx.newId();
        const labelId = ctx.newId();
        const year = jstYear(issuedAt);
        const serial = await reserveSequenceValues(trx, sequenceName.registration(1, year), 1);
        const rn = formatRegistrationNumber(1, year, serial);
        const appSerial = await reserveSequenceValues(trx, sequenceName.application(jstYear(addDays(issuedAt, -30))), 1);
        const series = `${code}-${(i + 1000).toString(36).toUpperCase()}`;
        const models = Array.from({ length: options.modelsPerLabel }, (_, m) => (m === 0 ? series : `${series}-${['W', 'B', 'JP', 'PRO', 'LITE', 'S', 'X', 'M', 'L', 'EU'][m % 10]}${m >= 10 ? m : ''}`));
        modelNumbers += models.length;
        const productName = { ja: `${nameJa} ${series}`, en: `${nameEn} ${series}` };
        products.push({ id: productId, vendor_id: vendor.id, name_ja: productName.ja, name_en: productName.en, category, description_ja: null, description_en: null, product_url: `https://v${i % vendorCount}.example.jp/p/${series}`, software_versions: '["1.0.0"]', support_ends_on: `${2028 + (i % 4)}-03-31`, vulnerability_contact: `https://v${i % vendorCount}.example.jp/psirt`, disclosure_policy_url: `https://v${i % vendorCount}.example.jp/psirt/policy`, created_at: nowIso, updated_at: nowIso });
        supportDeclarations.push({ id: ctx.newId(), product_id: productId, ends_on: products.at(-1)!.support_ends_on!, declared_at: nowIso, declared_by: null, note: null });
        models.forEach((m, position) => {
          const row = { position, model_number: m, model_key: modelNumberKey(m) };
          productModels.push({ ...row, product_id: productId, vendor_id: vendor.id });
          appModels.push({ ...row, application_id: appId });
          labelModels.push({ ...row, label_id: labelId });
        });
        applications.push({ id: appId, application_number: formatApplicationNumber(jstYear(addDays(issuedAt, -30)), appSerial), vendor_id: vendor.id, product_id: productId, level: 1, route: 'standard', renews_label_id: null, criteria_id: 'JST-CR-01-01-2024R1', status: 'issued', acceptance_number: null, fee_jpy: 198000, fee_paid_at: addDays(issuedAt, -7).toISOString(), payment_reference: `SYN-${i}`, label_id: labelId, created_by: userId, created_at: addDays(issuedAt, -30).toISOString(), updated_at: issuedAt.toISOString(), submitted_at: addDays(issuedAt, -28).toISOString(), version: 5 });
        let base = 'valid';
        const history: Array<{ type: string; at: Date; reason: string | null; expiresAt: Date | null }> = [{ type: 'issued', at: issuedAt, reason: null, expiresAt }];
        const later = (fraction: number) => new Date(issuedAt.getTime() + (Math.min(now.getTime(), expiresAt.getTime()) - issuedAt.getTime()) * fraction);
        if (!expired && roll < 0.12) history.push({ type: 'suspended', at: later(0.5), reason: 'Under inquiry (synthetic).', expiresAt: null }), (base = 'suspended');
        else if (!expired && roll < 0.17) history.push({ type: 'revoked', at: later(0.6), reason: 'Nonconformity found (synthetic).', expiresAt: null }), (base = 'revoked');
        else if (!expired && roll < 0.2) history.push({ type: 'withdrawn', at: later(0.7), reason: 'Discontinued (synthetic).', expiresAt: null }), (base = 'withdrawn');
        labels.push({ id: labelId, registration_number: rn, vendor_id: vendor.id, product_id: productId, application_id: appId, level: 1, criteria_id: 'JST-CR-01-01-2024R1', category, issued_at: issuedAt.toISOString(), expires_at: expiresAt.toISOString(), base_status: base, version: history.length, updated_at: history.at(-1)!.at.toISOString() });
        history.forEach((h, seq) => {
          labelEvents.push({ id: ctx.newId(), label_id: labelId, seq: seq + 1, type: h.type, at: h.at.toISOString(), actor_id: userId, reason: h.reason, expires_at: h.expiresAt?.toISOString() ?? null, application_id: seq === 0 ? appId : null });
          audits.push({ id: ctx.newId(), at: h.at.toISOString(), actor_id: userId, actor_role: SYSTEM_ACTOR.role, action: `label.${h.type}`, entity_type: 'label', entity_id: labelId, before_json: null, after_json: JSON.stringify({ synthetic: true, registrationNumber: rn }) });
          events.push({ labelId, rn, type: `label.${h.type}` as LogEventType, at: h.at });
        });
        search.push({ label_id: labelId, document: foldForSearch([rn, productName.ja, productName.en, vendor.ja, vendor.en, ...models].join(' \u2029 ')) });
      }
      const chunks = async <T>(table: string, rows: T[], size: number) => {
        for (let i = 0; i < rows.length; i += size) await trx.insertInto(table as never).values(rows.slice(i, i + size) as never).execute();
      };
      await chunks('products', products, 500);
      await chunks('product_model_numbers', productModels, 1000);
      await chunks('support_declarations', supportDeclarations, 500);
      await chunks('applications', applications, 500);
      await chunks('application_model_numbers', appModels, 1000);
      await chunks('labels', labels, 500);
      await chunks('label_model_numbers', labelModels, 1000);
      await chunks('label_events', labelEvents, 500);
      await chunks('audit_events', audits, 500);
      await chunks('label_search', search, 500);
    });
    progress(Math.min(start + BATCH, options.labels), options.labels, 'labels');
  }

  // The log, in time order, with leaves built from the stored public records.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let start = 0; start < events.length; start += 2000) {
    await ctx.db.transaction().execute(async (trx) => {
      const leaves = [];
      for (const e of events.slice(start, start + 2000)) {
        const record = await loadPublicLabel(ctx, trx, e.rn, e.at);
        const leaf = { v: 1, type: e.type, at: e.at.toISOString(), registrationNumber: e.rn, level: record.level, status: record.status, issuedAt: record.issuedAt, expiresAt: record.expiresAt, criteria: record.criteria.id, supportEndsOn: record.security.supportEndsOn, recordSha256: createHash('sha256').update(canonicalJson(record)).digest('hex') };
        leaves.push({ labelId: e.labelId, type: e.type, at: leaf.at, leaf: canonicalJson(leaf) });
      }
      await appendLeaves(trx, leaves);
    });
    progress(Math.min(start + 2000, events.length), events.length, 'log');
  }
  // Fresh planner statistics, as after any bulk load. PostgreSQL also gets a vacuum: until one
  // runs, index-only scans read every row from the table (its visibility map is empty), and
  // autovacuum may be off or minutes away. Its search's trigram counts are rebuilt too.
  if (isPostgres(ctx.db)) await sql`VACUUM`.execute(ctx.db);
  await refreshPlannerStatistics(ctx.db);
  await refreshTrigramCounts(ctx.db, { force: true });
  return { vendors: vendorCount, labels: options.labels, modelNumbers, logSize: events.length };
}
