/**
 * Reads every label for the bulk exports with constant memory: labels in keyset pages ordered by
 * registration number, their model numbers fetched in batches of bounded row count, and (for the
 * JSON export) their histories per page. Nothing holds more than one page at a time, whatever
 * the size of the registry.
 *
 * Consistency: pages are separate reads, not one transaction (a long download must not pin a
 * database connection, and SQLite has only one). A label changed while an export is running shows
 * up as it was when its page was read; the next export, under a new ETag, has it as it is.
 */
import { sql, type RawBuilder } from 'kysely';
import { isPostgres } from '../../store/database.ts';
import { labelStateAt, deriveStatus, type LabelEventType, type LabelStatus } from '../../domain/label-status.ts';
import type { AppContext } from '../context.ts';
import type { PublicLabelRow } from '../labels/public-label.ts';

/** Labels per keyset page. */
export const EXPORT_PAGE_LABELS = 250;
/** Model-number rows per query; a label with more than this comes alone in its batch. */
export const EXPORT_BATCH_MODEL_NUMBERS = 5000;

/** The stored columns of one exported label: the public record's, plus what the export derives from. */
export interface ExportLabelRow extends PublicLabelRow {
  id: string;
  issued_at: string;
  expires_at: string;
  base_status: string;
  model_count: number;
}

export interface ExportLabelEvent {
  type: string;
  at: string;
  reason: string | null;
  expires_at: string | null;
}

export interface ExportLabel {
  row: ExportLabelRow;
  modelNumbers: string[];
  /** Set when `withHistory` was asked for. */
  history?: ExportLabelEvent[];
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
}

/** Rows grouped by label id, in their order. */
export function groupByLabel<T extends { label_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.label_id);
    if (list) list.push(row);
    else map.set(row.label_id, [row]);
  }
  return map;
}

/** Splits a page into runs of labels whose model numbers fit one query of `limit` rows. */
function batches(rows: ExportLabelRow[], limit: number): ExportLabelRow[][] {
  const out: ExportLabelRow[][] = [];
  let current: ExportLabelRow[] = [];
  let count = 0;
  for (const row of rows) {
    const n = Number(row.model_count);
    if (current.length > 0 && count + n > limit) {
      out.push(current);
      current = [];
      count = 0;
    }
    current.push(row);
    count += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** A label's model numbers in their order, as a JSON array (text on SQLite, parsed by pg). */
function modelNumbersArray(ctx: AppContext): RawBuilder<string | string[]> {
  return isPostgres(ctx.db)
    ? sql<string[]>`json_agg(model_number order by position)`
    : sql<string>`json_group_array(model_number order by position)`;
}

/**
 * Every label in registration-number order, as the public sees it at `now`. With `withHistory`
 * the status comes from replaying the history (like GET /api/v1/labels/{rn}); without, from the
 * cached columns, which the same transaction that appends an event keeps in step.
 */
export async function* exportLabels(
  ctx: AppContext,
  now: Date,
  options: { withHistory: boolean; pageSize?: number; batchModelNumbers?: number },
): AsyncGenerator<ExportLabel> {
  const pageSize = options.pageSize ?? EXPORT_PAGE_LABELS;
  const batchLimit = options.batchModelNumbers ?? EXPORT_BATCH_MODEL_NUMBERS;
  let after: string | null = null;
  for (;;) {
    let query = ctx.db
      .selectFrom('labels')
      .innerJoin('products', 'products.id', 'labels.product_id')
      .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
      .select([
        'labels.id', 'labels.registration_number', 'labels.level', 'labels.criteria_id', 'labels.issued_at', 'labels.expires_at',
        'labels.base_status', 'products.name_ja', 'products.name_en', 'products.category', 'products.description_ja',
        'products.description_en', 'products.product_url', 'products.software_versions', 'products.support_ends_on',
        'products.vulnerability_contact', 'products.disclosure_policy_url', 'vendors.id as vendor_id',
        'vendors.name_ja as vendor_name_ja', 'vendors.name_en as vendor_name_en', 'vendors.country', 'vendors.corporate_number',
        'vendors.website',
      ])
      .leftJoin('evaluation_bodies', 'evaluation_bodies.id', 'labels.evaluation_body_id')
      .select(['labels.evaluation_body_id', 'labels.evaluated_at', 'evaluation_bodies.name_ja as evaluation_body_name_ja',
        'evaluation_bodies.name_en as evaluation_body_name_en', 'evaluation_bodies.accreditation_number as evaluation_body_accreditation_number'])
      .select((eb) =>
        eb.selectFrom('label_model_numbers').select(eb.fn.countAll<number>().as('c')).whereRef('label_model_numbers.label_id', '=', 'labels.id').as('model_count'),
      )
      .orderBy('labels.registration_number')
      .limit(pageSize);
    if (after !== null) query = query.where('labels.registration_number', '>', after);
    const page = (await query.execute()) as ExportLabelRow[];
    if (page.length === 0) return;
    after = page.at(-1)!.registration_number;

    const events = options.withHistory
      ? groupByLabel(
          await ctx.db
            .selectFrom('label_events')
            .select(['label_id', 'type', 'at', 'reason', 'expires_at'])
            .where('label_id', 'in', page.map((r) => r.id))
            .orderBy('label_id')
            .orderBy('seq')
            .execute(),
        )
      : null;

    for (const batch of batches(page, batchLimit)) {
      // One row per label with its model numbers as a JSON array: a row object per model number
      // cost twice the time (1M of them in a full export).
      const rows = await ctx.db
        .selectFrom('label_model_numbers')
        .select(['label_id', modelNumbersArray(ctx).as('models')])
        .where('label_id', 'in', batch.map((r) => r.id))
        .groupBy('label_id')
        .execute();
      const models = new Map(rows.map((r) => [r.label_id, typeof r.models === 'string' ? (JSON.parse(r.models) as string[]) : r.models]));
      for (const row of batch) {
        const modelNumbers = models.get(row.id) ?? [];
        if (events) {
          const history = events.get(row.id) ?? [];
          const state = labelStateAt(
            history.map((e) => ({ type: e.type as LabelEventType, at: new Date(e.at), expiresAt: e.expires_at ? new Date(e.expires_at) : null })),
            now,
          );
          // A label issued after `now` (clock skew between pages) is not public yet.
          if (!state) continue;
          yield {
            row,
            modelNumbers,
            history: history.filter((e) => new Date(e.at).getTime() <= now.getTime()),
            status: state.status,
            issuedAt: state.issuedAt.toISOString(),
            expiresAt: state.expiresAt.toISOString(),
          };
        } else {
          yield {
            row,
            modelNumbers,
            status: deriveStatus(row.base_status as never, new Date(row.expires_at), now),
            issuedAt: row.issued_at,
            expiresAt: row.expires_at,
          };
        }
      }
    }
  }
}
