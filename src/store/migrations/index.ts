/** Ordered migrations. Never edit one that has landed; add the next file instead. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
};
