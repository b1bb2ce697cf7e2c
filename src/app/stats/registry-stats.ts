/**
 * Public statistics of the registry: labels by status, by level, by product category, and labels
 * issued per JST month. Every figure is one aggregate query (GROUP BY), never a scan of labels in
 * JavaScript, and the status of a label is derived exactly as the public list derives it: from
 * `base_status` and `expires_at` against the clock (see list-public-labels.ts and label-status.ts).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { LABEL_STATUSES, type LabelStatus } from '../../domain/label-status.ts';
import type { AppContext, Trx } from '../context.ts';
import { lastJstMonths } from './jst-months.ts';

/** How far ahead a valid label counts as "expiring soon". */
export const EXPIRING_SOON_DAYS = 90;
/** How many JST months the issued-per-month figure covers, ending with the current month. */
export const ISSUED_MONTHS = 18;

export interface CountWithValid {
  /** Labels in every status. */
  total: number;
  /** Of which currently valid. */
  valid: number;
}

export interface RegistryStats {
  /** The instant the figures were computed for. */
  asOf: string;
  total: number;
  /** Labels per current status; the counts add up to `total`. */
  byStatus: Record<LabelStatus, number>;
  /** Valid labels whose expiry falls within the next EXPIRING_SOON_DAYS days (a subset of valid). */
  expiringSoon: number;
  /** Every level of the catalogue, in its order, with zero where no label has it. */
  byLevel: Array<{ level: number } & CountWithValid>;
  /**
   * Every category of the catalogue (and any unknown id found in the data), most labels first,
   * ties in catalogue order.
   */
  byCategory: Array<{ category: string } & CountWithValid>;
  /** The last ISSUED_MONTHS JST months, oldest first, with the labels first issued in each. */
  issuedPerMonth: Array<{ month: string; count: number }>;
}

type StatusBucket = LabelStatus | 'expiring';

/**
 * Computes the registry's public figures at the context clock's instant. Read-only, runs in one
 * snapshot (repeatable read on PostgreSQL, one read transaction on SQLite) so the figures agree
 * with each other. Never throws a domain error.
 */
export async function getRegistryStats(ctx: AppContext): Promise<RegistryStats> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const soonIso = new Date(now.getTime() + EXPIRING_SOON_DAYS * 86_400_000).toISOString();
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const statuses = await countByStatus(trx, nowIso, soonIso);
      const byStatus = Object.fromEntries(LABEL_STATUSES.map((s) => [s, statuses.get(s) ?? 0])) as Record<LabelStatus, number>;
      const expiringSoon = statuses.get('expiring') ?? 0;
      byStatus.valid += expiringSoon;
      const total = LABEL_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);

      const levels = await countByLevel(trx, nowIso);
      const byLevel = ctx.catalog.jcStar.levels.map((l) => ({ level: l.level, ...(levels.get(l.level) ?? { total: 0, valid: 0 }) }));
      for (const [level, counts] of levels) if (!byLevel.some((l) => l.level === level)) byLevel.push({ level, ...counts });

      const categories = await countByCategory(trx, nowIso);
      const order = ctx.catalog.jcStar.categories.map((c) => c.id);
      const ids = [...order, ...[...categories.keys()].filter((id) => !order.includes(id)).sort()];
      const byCategory = ids
        .map((category, index) => ({ category, index, ...(categories.get(category) ?? { total: 0, valid: 0 }) }))
        .sort((a, b) => b.total - a.total || a.index - b.index)
        .map(({ index: _index, ...rest }) => rest);

      const issuedPerMonth = await countIssuedPerMonth(trx, now);
      return { asOf: nowIso, total, byStatus, expiringSoon, byLevel, byCategory, issuedPerMonth };
    });
}

/** True for a label that is valid at `nowIso` (the same rule as the public list's `status=valid`). */
function isValidAt(nowIso: string): Expression<SqlBool> {
  return sql<SqlBool>`(labels.base_status = 'valid' and labels.expires_at > ${nowIso})`;
}

/** The count of valid labels in a group, as an aggregate. */
function validCount(nowIso: string) {
  return sql<number>`sum(case when ${isValidAt(nowIso)} then 1 else 0 end)`;
}

// The bucket is computed in a subquery and grouped by its alias: PostgreSQL does not match a
// GROUP BY expression to the SELECT one when both carry (separately numbered) parameters.
async function countByStatus(trx: Trx, nowIso: string, soonIso: string): Promise<Map<StatusBucket, number>> {
  const bucket = sql<string>`case
    when labels.base_status in ('revoked', 'withdrawn') then labels.base_status
    when labels.expires_at <= ${nowIso} then 'expired'
    when labels.base_status = 'suspended' then 'suspended'
    when labels.expires_at <= ${soonIso} then 'expiring'
    else 'valid' end`;
  const rows = await trx
    .selectFrom((eb) => eb.selectFrom('labels').select(bucket.as('bucket')).as('b'))
    .select(['b.bucket', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('b.bucket')
    .execute();
  return new Map(rows.map((r) => [r.bucket as StatusBucket, Number(r.n)]));
}

async function countByLevel(trx: Trx, nowIso: string): Promise<Map<number, CountWithValid>> {
  const rows = await trx
    .selectFrom('labels')
    .select(['labels.level', (eb) => eb.fn.countAll<number>().as('total'), validCount(nowIso).as('valid')])
    .groupBy('labels.level')
    .execute();
  return new Map(rows.map((r) => [Number(r.level), { total: Number(r.total), valid: Number(r.valid ?? 0) }]));
}

async function countByCategory(trx: Trx, nowIso: string): Promise<Map<string, CountWithValid>> {
  const rows = await trx
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .select(['products.category', (eb) => eb.fn.countAll<number>().as('total'), validCount(nowIso).as('valid')])
    .groupBy('products.category')
    .execute();
  return new Map(rows.map((r) => [r.category, { total: Number(r.total), valid: Number(r.valid ?? 0) }]));
}

/**
 * Labels by the JST month of `issued_at`. The month boundaries are computed here as instants, and
 * the database sorts each label into its month by comparing ISO strings (how every timestamp is
 * stored), which is portable between SQLite and PostgreSQL, unlike date functions.
 */
async function countIssuedPerMonth(trx: Trx, now: Date): Promise<Array<{ month: string; count: number }>> {
  const months = lastJstMonths(now, ISSUED_MONTHS);
  const first = months[0]!.start.toISOString();
  const end = months.at(-1)!.end.toISOString();
  const whens = months.map((m, i) => sql`when labels.issued_at >= ${m.start.toISOString()} then ${sql.lit(i)}`).reverse();
  const bucket = sql<number>`case ${sql.join(whens, sql` `)} end`;
  const rows = await trx
    .selectFrom((eb) =>
      eb.selectFrom('labels').select(bucket.as('bucket')).where('labels.issued_at', '>=', first).where('labels.issued_at', '<', end).as('m'),
    )
    .select(['m.bucket', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('m.bucket')
    .execute();
  const counts = new Map(rows.map((r) => [Number(r.bucket), Number(r.n)]));
  return months.map((m, i) => ({ month: m.month, count: counts.get(i) ?? 0 }));
}
