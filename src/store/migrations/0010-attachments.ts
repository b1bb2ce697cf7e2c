/** Evidence attachments of applications (PDF, PNG, JPEG), stored outside the web root. */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
