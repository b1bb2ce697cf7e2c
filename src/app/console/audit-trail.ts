/**
 * The audit trail of one application or label for people: who did what and when, with the
 * before/after JSON of each event turned into a list of changed fields. The events are the ones
 * the use cases wrote (listAuditEvents reads them); this module only names the actors and flattens
 * the JSON so a change to one checklist answer reads as one line, not two JSON documents.
 */
import { listAuditEvents, type AuditEventView } from '../audit-log.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';

/** One changed field: `checklist[S1.1-02-01].evidence`, `status`, `modelNumbers`… */
export interface FieldDiff {
  path: string;
  before: string | null;
  after: string | null;
  /** For lists of plain values (model numbers): what was added and removed, instead of before/after. */
  added?: string[];
  removed?: string[];
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  actor: { id: string | null; name: string | null; role: string };
  changes: FieldDiff[];
  /** Changes beyond MAX_CHANGES, not listed. */
  moreChanges: number;
}

/** Bookkeeping columns every write touches; listing them would hide the real change. */
const NOISE = new Set(['version', 'updated_at', 'updatedAt']);
const MAX_CHANGES = 60;
const MAX_TEXT = 300;

type Flat = Map<string, { value: string | null } | { list: string[] }>;

const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const show = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
};

/** Flattens JSON into paths; arrays of objects are keyed by their `itemId` or `id` when they have one. */
function flatten(value: unknown, path: string, out: Flat): Flat {
  if (Array.isArray(value)) {
    if (value.every(isPlain)) {
      out.set(path, { list: value.map((v) => String(v)) });
      return out;
    }
    value.forEach((item, index) => {
      const key = item && typeof item === 'object' ? ((item as Record<string, unknown>).itemId ?? (item as Record<string, unknown>).id) : undefined;
      flatten(item, `${path}[${typeof key === 'string' ? key : index}]`, out);
    });
    return out;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!NOISE.has(key)) flatten(v, path ? `${path}.${key}` : key, out);
    }
    return out;
  }
  out.set(path, { value: show(value) });
  return out;
}

/** The changed fields between two JSON values (either may be null: creation, or no snapshot). Pure. */
export function diffJson(before: unknown, after: unknown): FieldDiff[] {
  const a = flatten(before ?? {}, '', new Map());
  const b = flatten(after ?? {}, '', new Map());
  const diffs: FieldDiff[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])]) {
    const x = a.get(path);
    const y = b.get(path);
    if ((x && 'list' in x) || (y && 'list' in y)) {
      const xs = x && 'list' in x ? x.list : [];
      const ys = y && 'list' in y ? y.list : [];
      const added = ys.filter((v) => !xs.includes(v));
      const removed = xs.filter((v) => !ys.includes(v));
      if (added.length || removed.length) diffs.push({ path, before: null, after: null, added, removed });
      continue;
    }
    const before = x && 'value' in x ? x.value : null;
    const after = y && 'value' in y ? y.value : null;
    if (before !== after) diffs.push({ path, before, after });
  }
  return diffs;
}

async function actorNames(ctx: AppContext, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name', 'email']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, `${r.display_name} <${r.email}>`]));
}

export async function toAuditEntries(ctx: AppContext, events: AuditEventView[]): Promise<AuditEntry[]> {
  const names = await actorNames(ctx, events.map((e) => e.actorId));
  return events.map((e) => {
    const changes = diffJson(e.before, e.after);
    return {
      id: e.id,
      at: e.at,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actor: { id: e.actorId, name: e.actorId ? names.get(e.actorId) ?? null : null, role: e.actorRole },
      changes: changes.slice(0, MAX_CHANGES),
      moreChanges: Math.max(0, changes.length - MAX_CHANGES),
    };
  });
}

/** The trail of several entities (a label and its PSTI listings), newest first. */
export async function loadAuditTrail(
  ctx: AppContext,
  actor: Actor,
  entities: ReadonlyArray<{ type: string; id: string }>,
  limit = 500,
): Promise<AuditEntry[]> {
  requirePermission(actor, 'audit:read');
  const lists = await Promise.all(entities.map((e) => listAuditEvents(ctx, actor, { entityType: e.type, entityId: e.id, limit })));
  const events = lists.flat().sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id)).slice(0, limit);
  return toAuditEntries(ctx, events);
}

/** The newest events of the whole registry, optionally of one entity type (the console's audit page). */
export async function loadRecentAudit(ctx: AppContext, actor: Actor, filter: { entityType?: string; limit?: number }): Promise<AuditEntry[]> {
  return toAuditEntries(ctx, await listAuditEvents(ctx, actor, { ...(filter.entityType && { entityType: filter.entityType }), limit: filter.limit ?? 100 }));
}
