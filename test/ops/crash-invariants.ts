/**
 * What must hold in the database after any number of crashes: the checks of
 * crash-safety.test.ts, written against the tables directly (not through the use cases whose
 * atomicity they test). Each returns readable problems; an empty list means whole.
 */
import fs from 'node:fs';
import type { AppContext } from '../../src/app/context.ts';
import { exportTiles } from '../../src/app/transparency/export-tiles.ts';
import { trustedKeysFromJwks } from '../../src/verify/keys.ts';
import { directoryTileSource, verifyTiles } from '../../src/verify/verify-tiles.ts';

/** A write the client saw answered with 2xx. */
export type Ack = { action: string; entity: string } | { action: string; registrationNumber: string };

/** The application states of the crash test's flow, in order. */
const FLOW = ['draft', 'submitted', 'accepted', 'fee_paid', 'issued'];
const BASE_STATUS: Record<string, string> = { issued: 'valid', renewed: 'valid', reinstated: 'valid', suspended: 'suspended', revoked: 'revoked', withdrawn: 'withdrawn' };

const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const map = new Map<string, number>();
  for (const item of items) map.set(key(item), (map.get(key(item)) ?? 0) + 1);
  return map;
};

/** Serial numbers must run 1..n per prefix (counters are taken inside the writing transaction). */
function gapFree(numbers: readonly string[], pattern: RegExp, what: string): string[] {
  const groups = new Map<string, number[]>();
  for (const n of numbers) {
    const m = pattern.exec(n);
    if (!m) return [`${what} ${n} has an unexpected shape`];
    groups.set(m[1]!, [...(groups.get(m[1]!) ?? []), Number(m[2])]);
  }
  return [...groups].flatMap(([prefix, serials]) => {
    const sorted = serials.sort((a, b) => a - b);
    return sorted.every((s, i) => s === i + 1) ? [] : [`${what} ${prefix}: serials ${sorted.join(',')} have gaps or repeats`];
  });
}

export async function checkCrashInvariants(ctx: AppContext, acks: readonly Ack[], servedCheckpoints: readonly string[], jwks: string, tilesDir: string): Promise<string[]> {
  const db = ctx.db;
  const problems: string[] = [];
  const [products, applications, appEvents, labels, labelEvents, audit, log] = await Promise.all([
    db.selectFrom('products').select('id').execute(),
    db.selectFrom('applications').select(['id', 'status', 'label_id', 'application_number', 'acceptance_number']).execute(),
    db.selectFrom('application_events').select(['application_id', 'type']).execute(),
    db.selectFrom('labels').select(['id', 'registration_number', 'application_id', 'base_status', 'version']).execute(),
    db.selectFrom('label_events').select(['label_id', 'seq', 'type']).orderBy('label_id').orderBy('seq').execute(),
    db.selectFrom('audit_events').select(['action', 'entity_type', 'entity_id']).execute(),
    db.selectFrom('log_entries').select(['idx', 'label_id', 'type']).orderBy('idx').execute(),
  ]);
  const auditCount = countBy(audit, (a) => `${a.action} ${a.entity_id}`);
  const labelByNumber = new Map(labels.map((l) => [l.registration_number, l]));
  const exists = new Set([...products.map((p) => p.id), ...applications.map((a) => a.id), ...labels.map((l) => l.id)]);

  // 1. Every acknowledged write is there, with its audit event.
  const acked = countBy(acks, (a) => `${a.action} ${'entity' in a ? a.entity : labelByNumber.get(a.registrationNumber)?.id ?? `missing label ${a.registrationNumber}`}`);
  for (const [key, n] of acked) {
    const [action, entity] = key.split(' ', 2) as [string, string];
    if (!exists.has(entity)) problems.push(`acknowledged ${action} of ${entity}, which does not exist`);
    if ((auditCount.get(key) ?? 0) < n) problems.push(`acknowledged ${n}× ${key}, audited ${auditCount.get(key) ?? 0}×`);
  }

  // 2. No half-written application: its events are its path so far, each audited once.
  const eventsOf = new Map<string, string[]>();
  for (const e of appEvents) eventsOf.set(e.application_id, [...(eventsOf.get(e.application_id) ?? []), e.type]);
  for (const app of applications) {
    const events = (eventsOf.get(app.id) ?? []).sort((a, b) => FLOW.indexOf(a) - FLOW.indexOf(b));
    const expected = FLOW.slice(0, FLOW.indexOf(app.status) + 1);
    if (events.join() !== expected.join()) problems.push(`application ${app.id} is ${app.status} with events ${events.join(',')}`);
    for (const type of expected) {
      const action = type === 'draft' ? 'application.created' : `application.${type}`;
      if (auditCount.get(`${action} ${app.id}`) !== 1) problems.push(`application ${app.id}: ${action} audited ${auditCount.get(`${action} ${app.id}`) ?? 0}×`);
    }
    const label = labels.find((l) => l.application_id === app.id);
    if ((app.status === 'issued') !== Boolean(label) || (label && app.label_id !== label.id)) problems.push(`application ${app.id} (${app.status}) and its label disagree`);
  }

  // 3. No half-written label: history from seq 1, the cached status and version, the audit trail
  //    and the transparency log all agree event by event.
  const historyOf = new Map<string, Array<{ seq: number; type: string }>>();
  for (const e of labelEvents) historyOf.set(e.label_id, [...(historyOf.get(e.label_id) ?? []), e]);
  const leavesOf = countBy(log, (l) => `${l.type} ${l.label_id}`);
  for (const label of labels) {
    const history = historyOf.get(label.id) ?? [];
    if (history[0]?.type !== 'issued' || history.some((e, i) => e.seq !== i + 1)) problems.push(`label ${label.registration_number}: history ${history.map((e) => `${e.seq}:${e.type}`).join(',')}`);
    const last = [...history].reverse().find((e) => BASE_STATUS[e.type]);
    if (last && BASE_STATUS[last.type] !== label.base_status) problems.push(`label ${label.registration_number} is ${label.base_status}, its history says ${BASE_STATUS[last.type]}`);
    if (label.version !== history.length) problems.push(`label ${label.registration_number}: version ${label.version} after ${history.length} events`);
    for (const [type, n] of countBy(history, (e) => e.type)) {
      if (auditCount.get(`label.${type} ${label.id}`) !== n) problems.push(`label ${label.registration_number}: ${n}× ${type}, audited ${auditCount.get(`label.${type} ${label.id}`) ?? 0}×`);
      if (leavesOf.get(`label.${type} ${label.id}`) !== n) problems.push(`label ${label.registration_number}: ${n}× ${type}, logged ${leavesOf.get(`label.${type} ${label.id}`) ?? 0}×`);
    }
  }
  for (const a of audit) {
    if (['product', 'application', 'label'].includes(a.entity_type) && !exists.has(a.entity_id)) problems.push(`audit ${a.action} of missing ${a.entity_type} ${a.entity_id}`);
  }

  // 4. Public numbers stay gap-free: a transaction cut off by a kill took no number with it.
  problems.push(...gapFree(labels.map((l) => l.registration_number), /^(JS\d-\d{4})-(\d+)-\d$/, 'registration numbers'));
  problems.push(...gapFree(applications.map((a) => a.application_number), /^(APP-\d{4})-(\d+)$/, 'application numbers'));
  problems.push(...gapFree(applications.flatMap((a) => (a.acceptance_number ? [a.acceptance_number] : [])), /^(ACC-\d{4})-(\d+)$/, 'acceptance numbers'));

  // 5. The log verifies, and extends every checkpoint any client was served before a crash.
  if (log.some((l, i) => Number(l.idx) !== i)) problems.push('log indexes are not 0..n-1');
  fs.rmSync(tilesDir, { recursive: true, force: true });
  await exportTiles(ctx, tilesDir);
  const keys = trustedKeysFromJwks(jwks).notes;
  const stored = (await db.selectFrom('log_checkpoints').select('note').execute()).map((r) => r.note);
  const whole = verifyTiles(directoryTileSource(tilesDir), keys);
  if (!whole.ok) problems.push(...whole.problems);
  if (whole.checkpoint?.size !== log.length) problems.push(`checkpoint size ${whole.checkpoint?.size}, ${log.length} entries`);
  for (const previous of new Set([...servedCheckpoints, ...stored])) {
    const result = verifyTiles(directoryTileSource(tilesDir), keys, { previousCheckpoint: previous });
    if (!result.ok) problems.push(...result.problems.map((p) => `served checkpoint ${previous.split('\n')[1]}: ${p}`));
  }
  return problems;
}
