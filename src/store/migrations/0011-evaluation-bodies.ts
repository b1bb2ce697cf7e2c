/** ★3/★4: evaluation bodies, their accreditation scope, assignments and evaluation reports. */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
