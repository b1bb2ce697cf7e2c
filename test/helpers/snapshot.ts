/** Row counts of every table plus the newest update stamps, to prove a failed request changed nothing. */
import type { AppContext } from '../../src/app/context.ts';
import type { Database } from '../../src/store/schema.ts';

const TABLES: Array<keyof Database> = [
  'sequences', 'vendors', 'users', 'api_tokens', 'products', 'product_model_numbers', 'applications',
  'application_model_numbers', 'checklist_answers', 'application_events', 'labels', 'label_model_numbers',
  'label_events', 'audit_events',
];

export async function databaseState(ctx: AppContext): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const table of TABLES) {
    const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    state[table] = Number(row.n);
  }
  state.sequences_values = await ctx.db.selectFrom('sequences').selectAll().orderBy('name').execute();
  state.applications_rows = await ctx.db.selectFrom('applications').select(['id', 'status', 'version', 'updated_at']).orderBy('id').execute();
  state.products_rows = await ctx.db.selectFrom('products').select(['id', 'updated_at']).orderBy('id').execute();
  state.labels_rows = await ctx.db.selectFrom('labels').select(['id', 'base_status', 'version']).orderBy('id').execute();
  return state;
}
