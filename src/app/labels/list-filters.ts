/**
 * The public list's filters as conditions on `labels` alone (its indexed copies of level,
 * category, status and expiry), so counts need no joins and a text search can apply the same
 * filters while its index drives the query.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { LabelStatus } from '../../domain/label-status.ts';
import { ruleInForce } from '../../domain/recognition.ts';
import { jstDate } from '../../domain/time.ts';
import type { Database } from '../../store/schema.ts';
import type { AppContext } from '../context.ts';

export type LabelsQuery = SelectQueryBuilder<Database, 'labels', {}>;

export interface LabelFilters {
  level?: number;
  status?: LabelStatus;
  vendorId?: string;
  category?: string;
  /** Only labels that count for UK PSTI today (deemed compliance of a current ★1 label). */
  ukPsti?: boolean;
}

export function hasFilters(filter: LabelFilters): boolean {
  return Boolean(filter.level || filter.status || filter.vendorId || filter.category || filter.ukPsti);
}

export function filteredLabels(ctx: AppContext, filter: LabelFilters, now: Date): LabelsQuery {
  const nowIso = now.toISOString();
  let base = ctx.db.selectFrom('labels');
  if (filter.level) base = base.where('labels.level', '=', filter.level);
  if (filter.vendorId) base = base.where('labels.vendor_id', '=', filter.vendorId);
  if (filter.category) base = base.where('labels.category', '=', filter.category);
  if (filter.ukPsti) {
    // A current ★1 label under the criteria the UK arrangement names, while it is in force.
    const rule = ruleInForce(ctx.catalog.recognitions.values(), 'jc-star', 'uk-psti', jstDate(now));
    base = rule
      ? base
          .where('labels.level', '=', rule.source.level ?? 1)
          .where('labels.criteria_id', '=', rule.source.criteria ?? '')
          .where('labels.base_status', '=', 'valid')
          .where('labels.expires_at', '>', nowIso)
      : base.where(sql<boolean>`1 = 0`);
  }
  if (filter.status) {
    const s = filter.status;
    base = base.where((eb) => {
      if (s === 'revoked' || s === 'withdrawn') return eb('labels.base_status', '=', s);
      if (s === 'expired') return eb.and([eb('labels.base_status', 'in', ['valid', 'suspended']), eb('labels.expires_at', '<=', nowIso)]);
      return eb.and([eb('labels.base_status', '=', s), eb('labels.expires_at', '>', nowIso)]);
    });
  }
  return base;
}
