/**
 * The reviewer's queue: applications waiting for the operator (submitted or resubmitted for a
 * decision, accepted awaiting the fee, paid awaiting the label), oldest waiting first, with the
 * days each has waited in its current status. A read model only: the decisions themselves go
 * through the application use cases.
 */
import { sql } from 'kysely';
import type { ApplicationStatus } from '../../domain/application-status.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { ageInDays } from './waiting-age.ts';

/** The statuses in which an application waits for the operator, in the order of the path. */
export const WAITING_STATUSES = ['submitted', 'resubmitted', 'accepted', 'fee_paid'] as const satisfies readonly ApplicationStatus[];
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

/** The queue's tabs: what the reviewer does next. */
export const QUEUE_TABS = {
  review: ['submitted', 'resubmitted'],
  payment: ['accepted'],
  issue: ['fee_paid'],
} as const satisfies Record<string, readonly WaitingStatus[]>;
export type QueueTab = keyof typeof QUEUE_TABS;

export const QUEUE_PAGE_SIZE = 50;

export interface QueueFilter {
  tab?: QueueTab;
  /** One status inside the tab (e.g. only resubmissions). */
  status?: WaitingStatus;
  level?: number;
  route?: string;
  vendorId?: string;
  /** 1-based. */
  page?: number;
}

export interface QueueItem {
  id: string;
  applicationNumber: string;
  acceptanceNumber: string | null;
  status: WaitingStatus;
  level: number;
  route: string;
  vendor: { id: string; name: { ja: string; en: string } };
  product: { id: string; name: { ja: string; en: string } };
  /** The latest (re)submission. */
  submittedAt: string | null;
  /** When it entered its current status. */
  waitingSince: string;
  /** Whole days since `waitingSince`. */
  ageDays: number;
  feeJpy: number | null;
}

export interface ReviewQueue {
  asOf: string;
  tab: QueueTab;
  items: QueueItem[];
  /** Matching applications in the tab (all pages). */
  total: number;
  page: number;
  pageSize: number;
  /** Applications per tab under the same level, route and vendor filters. */
  tabCounts: Record<QueueTab, number>;
}

/** The instant the application entered its current status (its newest event of that type). */
export const waitingSinceSql = sql<string | null>`(select max(e.at) from application_events e where e.application_id = applications.id and e.type = applications.status)`;
const lastSubmissionSql = sql<string | null>`(select max(e.at) from application_events e where e.application_id = applications.id and e.type in ('submitted', 'resubmitted'))`;

export async function listReviewQueue(ctx: AppContext, actor: Actor, filter: QueueFilter = {}): Promise<ReviewQueue> {
  requirePermission(actor, 'applications:review');
  const now = ctx.clock.now();
  const tab = filter.tab ?? 'review';
  const tabStatuses: readonly string[] = QUEUE_TABS[tab];
  const statuses = filter.status && tabStatuses.includes(filter.status) ? [filter.status] : tabStatuses;
  const page = Math.max(1, Math.floor(filter.page ?? 1));

  let base = ctx.db.selectFrom('applications');
  if (filter.level) base = base.where('applications.level', '=', filter.level);
  if (filter.route) base = base.where('applications.route', '=', filter.route);
  if (filter.vendorId) base = base.where('applications.vendor_id', '=', filter.vendorId);

  const counts = await base
    .select(['applications.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('applications.status', 'in', [...WAITING_STATUSES])
    .groupBy('applications.status')
    .execute();
  const byStatus = new Map(counts.map((c) => [c.status, Number(c.n)]));
  const tabCounts = Object.fromEntries(
    Object.entries(QUEUE_TABS).map(([name, list]) => [name, list.reduce((sum, s) => sum + (byStatus.get(s) ?? 0), 0)]),
  ) as Record<QueueTab, number>;
  const total = statuses.reduce((sum, s) => sum + (byStatus.get(s) ?? 0), 0);

  const rows = await ctx.db
    .selectFrom((eb) =>
      base
        .innerJoin('vendors', 'vendors.id', 'applications.vendor_id')
        .innerJoin('products', 'products.id', 'applications.product_id')
        .where('applications.status', 'in', statuses)
        .select([
          'applications.id',
          'applications.application_number',
          'applications.acceptance_number',
          'applications.status',
          'applications.level',
          'applications.route',
          'applications.fee_jpy',
          'applications.updated_at',
          'vendors.id as vendor_id',
          'vendors.name_ja as vendor_name_ja',
          'vendors.name_en as vendor_name_en',
          'products.id as product_id',
          'products.name_ja as product_name_ja',
          'products.name_en as product_name_en',
          waitingSinceSql.as('waiting_since'),
          lastSubmissionSql.as('submitted_at'),
        ])
        .as('q'),
    )
    .selectAll('q')
    .orderBy((eb) => eb.fn.coalesce('q.waiting_since', 'q.updated_at'))
    .orderBy('q.id')
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();

  const items = rows.map((r): QueueItem => {
    const waitingSince = r.waiting_since ?? r.updated_at;
    return {
      id: r.id,
      applicationNumber: r.application_number,
      acceptanceNumber: r.acceptance_number,
      status: r.status as WaitingStatus,
      level: Number(r.level),
      route: r.route,
      vendor: { id: r.vendor_id, name: { ja: r.vendor_name_ja, en: r.vendor_name_en } },
      product: { id: r.product_id, name: { ja: r.product_name_ja, en: r.product_name_en } },
      submittedAt: r.submitted_at,
      waitingSince,
      ageDays: ageInDays(waitingSince, now),
      feeJpy: r.fee_jpy === null ? null : Number(r.fee_jpy),
    };
  });
  return { asOf: now.toISOString(), tab, items, total, page, pageSize: QUEUE_PAGE_SIZE, tabCounts };
}
