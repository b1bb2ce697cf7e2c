/**
 * The operator's dashboard figures: the backlog (applications waiting, by status and by how long
 * they have waited), the reviewer's decisions per JST week over the last 12 weeks, and the valid
 * labels expiring within 90 days by JST month. Like the public statistics, each figure is one
 * aggregate query over ISO-string comparisons (portable between SQLite and PostgreSQL), and all
 * three are read in one snapshot so they agree with each other.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor, type AppContext, type Trx } from '../context.ts';
import { lastJstMonths } from '../stats/jst-months.ts';
import { lastJstWeeks } from './jst-weeks.ts';
import { WAITING_STATUSES, waitingSinceSql, type WaitingStatus } from './review-queue.ts';
import { AGE_BUCKET_COUNT, AGE_BUCKET_MAX_DAYS, olderThanBound } from './waiting-age.ts';

export const DECISION_WEEKS = 12;
export const EXPIRING_WITHIN_DAYS = 90;
/** Application events that record a reviewer's decision. */
export const DECISION_TYPES = ['accepted', 'returned', 'rejected', 'issued'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export interface Dashboard {
  asOf: string;
  /** Per waiting status: counts per age bucket (see waiting-age.ts) and their total. */
  backlog: Array<{ status: WaitingStatus; buckets: number[]; total: number }>;
  /** Oldest week first; `week` is the JST Monday. */
  decisionsPerWeek: Array<{ week: string; counts: Record<DecisionType, number>; total: number }>;
  /** JST months from this one to the one 90 days ahead; valid labels by the month they expire. */
  expiringByMonth: Array<{ month: string; count: number }>;
}

export async function getDashboard(ctx: AppContext, actor: Actor): Promise<Dashboard> {
  requirePermission(actor, 'applications:review');
  const now = ctx.clock.now();
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => ({
      asOf: now.toISOString(),
      backlog: await backlog(trx, now),
      decisionsPerWeek: await decisionsPerWeek(trx, now),
      expiringByMonth: await expiringByMonth(trx, now),
    }));
}

async function backlog(trx: Trx, now: Date): Promise<Dashboard['backlog']> {
  // Bucket i holds ages ≤ AGE_BUCKET_MAX_DAYS[i]: a `since` strictly after its bound.
  const whens = AGE_BUCKET_MAX_DAYS.map((max, i) => sql`when w.since > ${olderThanBound(max, now)} then ${sql.lit(i)}`);
  const bucket = sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(AGE_BUCKET_MAX_DAYS.length)} end`;
  // The bucket is computed one level down and grouped by its alias (see registry-stats.ts on
  // PostgreSQL and parameterised GROUP BY expressions).
  const rows = await trx
    .selectFrom((eb) =>
      eb
        .selectFrom((inner) =>
          inner
            .selectFrom('applications')
            .select(['applications.status', sql<string>`coalesce(${waitingSinceSql}, applications.updated_at)`.as('since')])
            .where('applications.status', 'in', [...WAITING_STATUSES])
            .as('w'),
        )
        .select(['w.status', bucket.as('bucket')])
        .as('b'),
    )
    .select(['b.status', 'b.bucket', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['b.status', 'b.bucket'])
    .execute();
  return WAITING_STATUSES.map((status) => {
    const buckets = Array.from({ length: AGE_BUCKET_COUNT }, (_, i) => Number(rows.find((r) => r.status === status && Number(r.bucket) === i)?.n ?? 0));
    return { status, buckets, total: buckets.reduce((a, b) => a + b, 0) };
  });
}

async function decisionsPerWeek(trx: Trx, now: Date): Promise<Dashboard['decisionsPerWeek']> {
  const weeks = lastJstWeeks(now, DECISION_WEEKS);
  const whens = weeks.map((w, i) => sql`when application_events.at >= ${w.start.toISOString()} then ${sql.lit(i)}`).reverse();
  const bucket = sql<number>`case ${sql.join(whens, sql` `)} end`;
  const rows = await trx
    .selectFrom((eb) =>
      eb
        .selectFrom('application_events')
        .select(['application_events.type', bucket.as('bucket')])
        .where('application_events.type', 'in', [...DECISION_TYPES])
        .where('application_events.at', '>=', weeks[0]!.start.toISOString())
        .where('application_events.at', '<', weeks.at(-1)!.end.toISOString())
        .as('d'),
    )
    .select(['d.type', 'd.bucket', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['d.type', 'd.bucket'])
    .execute();
  return weeks.map((w, i) => {
    const counts = Object.fromEntries(DECISION_TYPES.map((t) => [t, Number(rows.find((r) => r.type === t && Number(r.bucket) === i)?.n ?? 0)])) as Record<DecisionType, number>;
    return { week: w.monday, counts, total: DECISION_TYPES.reduce((sum, t) => sum + counts[t], 0) };
  });
}

async function expiringByMonth(trx: Trx, now: Date): Promise<Dashboard['expiringByMonth']> {
  const until = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000);
  const span = (d: Date) => {
    const [y, m] = lastJstMonths(d, 1)[0]!.month.split('-').map(Number) as [number, number];
    return y * 12 + m;
  };
  const months = lastJstMonths(until, span(until) - span(now) + 1);
  const whens = months.map((m, i) => sql`when labels.expires_at >= ${m.start.toISOString()} then ${sql.lit(i)}`).reverse();
  const bucket = sql<number>`case ${sql.join(whens, sql` `)} end`;
  const rows = await trx
    .selectFrom((eb) =>
      eb
        .selectFrom('labels')
        .select(bucket.as('bucket'))
        // Valid now, exactly as the public list and statistics decide it.
        .where('labels.base_status', '=', 'valid')
        .where('labels.expires_at', '>', now.toISOString())
        .where('labels.expires_at', '<=', until.toISOString())
        .as('x'),
    )
    .select(['x.bucket', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('x.bucket')
    .execute();
  return months.map((m, i) => ({ month: m.month, count: Number(rows.find((r) => Number(r.bucket) === i)?.n ?? 0) }));
}
