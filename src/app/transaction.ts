/**
 * Runs a use case in one transaction. A unique-key race (two writers taking the same counter or
 * model number at once) surfaces as a retryable database error; we retry a few times so callers
 * see either success or a domain error, never a raw constraint violation.
 */
import type { AppContext, Trx } from './context.ts';

const RETRYABLE_PG = new Set(['40001', '40P01']); // serialization failure, deadlock

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string };
  return (typeof e?.code === 'string' && RETRYABLE_PG.has(e.code)) || e?.code === 'SQLITE_BUSY';
}

export async function inTransaction<T>(ctx: AppContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(work);
    } catch (error) {
      if (attempt >= 5 || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}

/** True when a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
