/**
 * What every use case receives: the database, the catalogue and the side effects behind small
 * interfaces (clock, ids, password hashing), so tests can replace them.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Catalog } from '../catalog/load-catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { isVendorRole, roleHas, type Permission, type Role } from '../domain/roles.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { KeyStore } from '../store/signing-keys.ts';
import type { NotifySettings } from '../notify/settings.ts';
import type { PublicVersionWatch } from '../store/public-version-watch.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface AppContext {
  db: Db;
  catalog: Catalog;
  clock: Clock;
  passwords: PasswordHasher;
  /** Origin of public links (QR codes, `url` fields). */
  publicBaseUrl: string;
  /** The registry's signing keys (transparency log checkpoints, snapshots). */
  keys: KeyStore;
  /** The transparency log's origin line, also the signed-note key name, e.g. `registry.example.jp/log`. */
  logOrigin: string;
  newId(): string;
  /** Thresholds of the derived security warnings; defaults in security-information.ts. */
  securityPolicy?: { unfixedMaxAgeDays?: number; expiringWithinDays?: number };
  /** Mail and webhook settings; DEFAULT_NOTIFY_SETTINGS when absent. */
  notify?: NotifySettings;
  /** Where application attachments are stored (ATTACHMENT_DIR); uploads fail when absent. */
  attachmentDir?: string;
  /** Servers: the public version without a query per request (store/public-version-watch.ts). */
  publicVersionWatch?: PublicVersionWatch;
}

/** Who is acting. `system` is the CLI or the demo loader acting on the operator's behalf. */
export interface Actor {
  userId: string | null;
  role: Role | 'system';
  vendorId: string | null;
  /** Evaluators: their evaluation body; they act only on applications assigned to it. */
  evaluationBodyId?: string | null;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: null, role: 'system', vendorId: null });

export type Trx = Transaction<Database>;

/**
 * UUIDv7 (RFC 9562): time-ordered, so primary keys index well and sort by creation. Written here
 * because Node 20's crypto has only v4 and the format is twelve lines.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Throws FORBIDDEN unless the actor's role grants `permission` (system may do anything). */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (actor.role === 'system') return;
  if (!roleHas(actor.role, permission)) throw new DomainError('FORBIDDEN', `Your role (${actor.role}) lacks ${permission}`);
}

/**
 * Vendor users see only their own organisation's records. Anything else answers NOT_FOUND, so
 * a vendor cannot even learn that another vendor's id exists.
 */
export function requireVendorScope(actor: Actor, vendorId: string, what = 'resource'): void {
  if (actor.role !== 'system' && isVendorRole(actor.role) && actor.vendorId !== vendorId) {
    throw new DomainError('NOT_FOUND', `No such ${what}`);
  }
}

export function iso(date: Date): string {
  return date.toISOString();
}
