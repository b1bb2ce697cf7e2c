/** Shared by the advisory tests: the CSAF documents, vendor A's camera catalogue, actors, table counts. */
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../src/app/context.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { TestApp } from '../helpers/app.ts';
import type { Parties, Party } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';

/** The OASIS CSAF 2.0 examples (valid/ and invalid/), copied from the OASIS CSAF TC's repository. */
export const CSAF_SAMPLES = path.resolve(import.meta.dirname, '../fixtures/csaf/oasis');
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/csaf');
export const CAMERA_ADVISORY = 'a-denki-psirt-2026-0007.json';

export function readJson(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
export const sample = (dir: 'valid' | 'invalid', name: string) => readJson(path.join(CSAF_SAMPLES, dir, name));
export const samples = (dir: 'valid' | 'invalid') => fs.readdirSync(path.join(CSAF_SAMPLES, dir)).filter((f) => f.endsWith('.json')).sort();
export const fixture = (name = CAMERA_ADVISORY) => readJson(path.join(FIXTURES, name));

export function actor(party: Party, role: Role): Actor {
  return { userId: party.userId, role, vendorId: party.vendorId };
}

export interface Camera {
  nc200: string;
  nc300: string;
  doorbell: string;
  router: string;
}

/** Vendor A's products the camera advisory names (and one it does not). */
export async function cameraCatalogue(t: TestApp, p: Parties): Promise<Camera> {
  const a = actor(p.vendorA, 'vendor_admin');
  const make = async (nameJa: string, nameEn: string, category: string, modelNumbers: string[]) =>
    (await createProduct(t.ctx, a, { nameJa, nameEn, category, modelNumbers })).id;
  return {
    nc200: await make('NC-200 ネットワークカメラ', 'NC-200 camera', 'network-camera', ['NC-200', 'NC-200W']),
    nc300: await make('NC-300 ネットワークカメラ', 'NC-300 camera', 'network-camera', ['NC-300', 'NC-300-JP']),
    doorbell: await make('スマートドアベル', 'Smart door bell', 'other', ['DB-1']),
    router: await make('ルーター', 'Router R1', 'router', ['R1']),
  };
}

/** Every table the import writes, plus the helpers' snapshot of the core tables. */
export async function importState(t: TestApp): Promise<Record<string, unknown>> {
  const state = await databaseState(t.ctx);
  for (const table of ['advisories', 'advisory_findings', 'notification_events', 'log_entries'] as const) {
    const row = await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    state[table] = Number(row.n);
  }
  state.advisory_rows = await t.ctx.db.selectFrom('advisories').select(['id', 'revision', 'document_sha256']).orderBy('id').execute();
  return state;
}

/** Runs `fn` and returns the DomainError it throws (fails the test if it does not throw one). */
export async function domainError(fn: () => Promise<unknown>): Promise<{ code: string; message: string; fields: Array<{ pointer: string; detail: string }>; extra: Record<string, any> }> {
  try {
    await fn();
  } catch (error) {
    if ((error as Error).name === 'DomainError') return error as never;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
