/** Accounts in the browser: e-mail verification, password reset, invitations, TOTP second factor. */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
