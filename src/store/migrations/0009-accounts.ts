/**
 * Accounts in the browser: e-mail verification, password reset, invitations, TOTP second factor.
 * - signups: self-service vendor sign-ups. A user whose sign-up has no `verified_at` cannot log
 *   in. Users created any other way (CLI, API, seed, invitation) have no row and count as
 *   verified, so nothing needs a backfill.
 * - account_tokens: single-use e-mailed links (verify e-mail, reset password), stored as SHA-256.
 * - invitations: a colleague invited by e-mail with a role; the link's token stored as SHA-256.
 * - rate_limit_hits: attempts per bucket and hashed key (IP, e-mail), shared by every process.
 * - totp_factors: the second factor of a user. The secret is stored readable (codes are computed
 *   from it); `last_step` is the last accepted time step, so a code is never accepted twice.
 * - pending_logins: a password checked, the code still to come; never a session.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signups')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** verify_email | password_reset */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    /** null: an operator invitation. */
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('invited_by', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_user_id', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_vendor').on('invitations').columns(['vendor_id', 'created_at']).execute();
  await db.schema.createIndex('invitations_email').on('invitations').column('email').execute();

  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => c.notNull())
    /** SHA-256 of the key (an IP address, an e-mail address, a user id). */
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_key').on('rate_limit_hits').columns(['bucket', 'key_hash', 'at']).execute();

  await db.schema
    .createTable('totp_factors')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** null while the enrolment waits for its first code. */
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer')
    .execute();

  await db.schema
    .createTable('pending_logins')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pending_logins', 'totp_factors', 'rate_limit_hits', 'invitations', 'account_tokens', 'signups']) {
    await db.schema.dropTable(table).execute();
  }
}
