/**
 * A log monitor: fetches a registry's checkpoint, checks it is signed by the pinned key, and that
 * it extends the last checkpoint it saw (consistency proof). Any failure is an alarm: a key
 * replaced, a log rolled back, forked (two roots for one size) or rewritten.
 */
import { checkTree, hashesEqual, openNote, parseCheckpoint, type NoteVerifier } from '../transparency/index.ts';

export interface MonitorState {
  origin: string;
  size: number;
  /** Base64 root hash. */
  rootHash: string;
  note: string;
  checkedAt: string;
}

export interface MonitorResult {
  /** The state to keep: the new checkpoint when all is well, the old one after an alarm. */
  state: MonitorState | undefined;
  alarms: string[];
  facts: string[];
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export async function monitorOnce(baseUrl: string, verifiers: readonly NoteVerifier[], previous: MonitorState | undefined, fetchFn: Fetch = fetch, now = new Date()): Promise<MonitorResult> {
  const facts: string[] = [];
  const alarm = (message: string): MonitorResult => ({ state: previous, alarms: [message], facts });
  const base = baseUrl.replace(/\/+$/, '');
  const res = await fetchFn(`${base}/api/v1/log/checkpoint`);
  if (!res.ok) return alarm(`checkpoint request failed with HTTP ${res.status}`);
  const note = await res.text();
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(note, verifiers).text);
  } catch (error) {
    return alarm(`checkpoint is not signed by the pinned key (${(error as Error).message}): key replaced or checkpoint forged`);
  }
  const root = Buffer.from(checkpoint.rootHash).toString('base64');
  const next: MonitorState = { origin: checkpoint.origin, size: checkpoint.size, rootHash: root, note, checkedAt: now.toISOString() };
  facts.push(`checkpoint ${checkpoint.origin} size ${checkpoint.size} root ${root}`);
  if (!previous) return { state: next, alarms: [], facts: [...facts, 'first checkpoint pinned'] };
  if (previous.origin !== checkpoint.origin) return alarm(`origin changed from ${previous.origin} to ${checkpoint.origin}`);
  if (checkpoint.size < previous.size) return alarm(`log shrank from ${previous.size} to ${checkpoint.size}: rolled back or rewritten`);
  const oldRoot = new Uint8Array(Buffer.from(previous.rootHash, 'base64'));
  if (checkpoint.size === previous.size) {
    if (!hashesEqual(oldRoot, checkpoint.rootHash)) return alarm(`fork: two different roots for size ${checkpoint.size} (${previous.rootHash} and ${root})`);
    return { state: next, alarms: [], facts: [...facts, 'unchanged'] };
  }
  if (previous.size > 0) {
    const proofRes = await fetchFn(`${base}/api/v1/log/proof/consistency?from=${previous.size}&to=${checkpoint.size}`);
    if (!proofRes.ok) return alarm(`consistency proof request failed with HTTP ${proofRes.status}`);
    const body = JSON.parse(await proofRes.text()) as { proof?: string[] };
    const proof = (body.proof ?? []).map((h) => new Uint8Array(Buffer.from(h, 'base64')));
    if (!checkTree(proof, checkpoint.size, checkpoint.rootHash, previous.size, oldRoot)) {
      return alarm(`size ${checkpoint.size} does not extend size ${previous.size}: the log was forked or rewritten`);
    }
    facts.push(`consistent with the previous checkpoint of size ${previous.size}`);
  }
  return { state: next, alarms: [], facts };
}
