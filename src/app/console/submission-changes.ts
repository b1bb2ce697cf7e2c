/**
 * What the vendor changed between the last two submissions of an application: the reviewer of a
 * resubmission should read the corrections, not the whole checklist again.
 *
 * Nothing stores a copy of each submission. The audit trail does: every edit writes an
 * `application.updated` event whose `after` holds the full model numbers, checklist and PSTI
 * statement with the application's new `version`, creation writes `application.created`, and each
 * submission writes `application.submitted` with the row before and after (and so its version).
 * Versions increase by one with every write to the application, in its row lock, so they order
 * these events exactly even when two share a timestamp. The content at a submission is the latest
 * created/updated snapshot whose version is below the submission's.
 *
 * Attachments do not change the version: their `application.attachment_added` / `_removed`
 * events are placed by time, after the previous submission and up to the latest one.
 */
import type { ChecklistAnswer } from '../../domain/checklist.ts';
import type { Db } from '../../store/database.ts';

export interface AnswerSnapshot {
  answer: ChecklistAnswer['answer'];
  evidence: string | null;
  reason: string | null;
}

export interface AnswerChange {
  itemId: string;
  kind: 'added' | 'removed' | 'changed';
  before: AnswerSnapshot | null;
  after: AnswerSnapshot | null;
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface AttachmentChange {
  id: string;
  name: string;
  /** The assessment item it supports; null for the whole application. */
  itemId: string | null;
}

export interface SubmissionChanges {
  /** `compared`: two submissions exist; `first`: one; `none`: not submitted yet. */
  kind: 'compared' | 'first' | 'none';
  previousSubmittedAt: string | null;
  latestSubmittedAt: string | null;
  modelNumbers: { added: string[]; removed: string[] };
  answers: AnswerChange[];
  pstiStatement: FieldChange[];
  attachments: { added: AttachmentChange[]; removed: AttachmentChange[] };
}

export interface Snapshot {
  modelNumbers: string[];
  checklist: Map<string, AnswerSnapshot>;
  pstiStatement: Record<string, unknown> | null;
}

interface ParsedEvent {
  action: string;
  at: string;
  version: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const CONTENT_ACTIONS = ['application.created', 'application.updated', 'application.submitted'];
const ATTACHMENT_ACTIONS = ['application.attachment_added', 'application.attachment_removed'];

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  const value = JSON.parse(json) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function snapshotOf(event: ParsedEvent): Snapshot {
  const after = event.after ?? {};
  const checklist = new Map<string, AnswerSnapshot>();
  for (const a of (Array.isArray(after.checklist) ? after.checklist : []) as Array<Record<string, unknown>>) {
    checklist.set(String(a.itemId), {
      answer: a.answer as AnswerSnapshot['answer'],
      evidence: (a.evidence as string | null | undefined) ?? null,
      reason: (a.reason as string | null | undefined) ?? null,
    });
  }
  return {
    modelNumbers: Array.isArray(after.modelNumbers) ? (after.modelNumbers as string[]) : [],
    checklist,
    pstiStatement: (after.pstiStatement as Record<string, unknown> | null | undefined) ?? null,
  };
}

const sameAnswer = (a: AnswerSnapshot, b: AnswerSnapshot) => a.answer === b.answer && a.evidence === b.evidence && a.reason === b.reason;
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** Compares two snapshots. Pure; exported for tests. */
export function compareSnapshots(previous: Snapshot, latest: Snapshot): Pick<SubmissionChanges, 'modelNumbers' | 'answers' | 'pstiStatement'> {
  const before = new Set(previous.modelNumbers);
  const after = new Set(latest.modelNumbers);
  const answers: AnswerChange[] = [];
  const ids = [...new Set([...previous.checklist.keys(), ...latest.checklist.keys()])].sort();
  for (const itemId of ids) {
    const a = previous.checklist.get(itemId) ?? null;
    const b = latest.checklist.get(itemId) ?? null;
    if (a && b && sameAnswer(a, b)) continue;
    answers.push({ itemId, kind: !a ? 'added' : !b ? 'removed' : 'changed', before: a, after: b });
  }
  const fields = [...new Set([...Object.keys(previous.pstiStatement ?? {}), ...Object.keys(latest.pstiStatement ?? {})])].filter((f) => f !== 'updatedAt').sort();
  const pstiStatement = fields
    .map((field) => ({ field, before: text(previous.pstiStatement?.[field]), after: text(latest.pstiStatement?.[field]) }))
    .filter((c) => c.before !== c.after);
  return {
    modelNumbers: { added: latest.modelNumbers.filter((m) => !before.has(m)), removed: previous.modelNumbers.filter((m) => !after.has(m)) },
    answers,
    pstiStatement,
  };
}

export async function loadSubmissionChanges(db: Db, applicationId: string): Promise<SubmissionChanges> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['action', 'at', 'before_json', 'after_json'])
    .where('entity_type', '=', 'application')
    .where('entity_id', '=', applicationId)
    .where('action', 'in', [...CONTENT_ACTIONS, ...ATTACHMENT_ACTIONS])
    .orderBy('at')
    .orderBy('id')
    .execute();
  const events: ParsedEvent[] = rows
    .filter((r) => CONTENT_ACTIONS.includes(r.action))
    .map((r) => {
      const before = parse(r.before_json);
      const after = parse(r.after_json);
      return { action: r.action, at: r.at, version: Number(after?.version ?? 0), before, after };
    })
    .sort((a, b) => a.version - b.version || a.at.localeCompare(b.at));
  const submissions = events.filter((e) => e.action === 'application.submitted');
  const empty = { modelNumbers: { added: [], removed: [] }, answers: [], pstiStatement: [], attachments: { added: [], removed: [] } };
  const latest = submissions.at(-1);
  const previous = submissions.at(-2);
  if (!latest || !previous) {
    return { kind: latest ? 'first' : 'none', previousSubmittedAt: null, latestSubmittedAt: latest?.at ?? null, ...empty };
  }
  const contentAt = (submission: ParsedEvent): Snapshot => {
    const last = events.filter((e) => e.action !== 'application.submitted' && e.version < submission.version).at(-1);
    return last ? snapshotOf(last) : { modelNumbers: [], checklist: new Map(), pstiStatement: null };
  };
  return {
    kind: 'compared',
    previousSubmittedAt: previous.at,
    latestSubmittedAt: latest.at,
    ...compareSnapshots(contentAt(previous), contentAt(latest)),
    attachments: attachmentChanges(rows.filter((r) => ATTACHMENT_ACTIONS.includes(r.action) && r.at > previous.at && r.at <= latest.at)),
  };
}

/** The net effect of attachment events: one added and removed again in between is not listed. */
function attachmentChanges(rows: ReadonlyArray<{ action: string; before_json: string | null; after_json: string | null }>): SubmissionChanges['attachments'] {
  const added = new Map<string, AttachmentChange>();
  const removed = new Map<string, AttachmentChange>();
  for (const r of rows) {
    const view = parse(r.action.endsWith('_added') ? r.after_json : r.before_json);
    if (!view) continue;
    const change = { id: String(view.id), name: String(view.originalName ?? ''), itemId: (view.checklistItemId as string | null | undefined) ?? null };
    if (r.action.endsWith('_added')) added.set(change.id, change);
    else if (!added.delete(change.id)) removed.set(change.id, change);
  }
  return { added: [...added.values()], removed: [...removed.values()] };
}
