/**
 * Verifies a signed snapshot offline with only the published keys: the JWS signature (jose), the
 * embedded checkpoint's signature, and that each label's status replays from its own history.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { labelStateAt, type LabelEventType } from '../domain/label-status.ts';
import { openNote, parseCheckpoint } from '../transparency/index.ts';
import type { TrustedKeys } from './keys.ts';
import type { VerifyResult } from './verify-receipt.ts';

export interface SnapshotLabelLike {
  registrationNumber: string;
  status: string;
  issuedAt: string;
  expiresAt: string;
  history: Array<{ event: string; at: string; expiresAt: string | null }>;
}

export interface VerifiedSnapshot extends VerifyResult {
  payload?: { serial: number; issuedAt: string; nextUpdate: string; checkpoint: string; labels: SnapshotLabelLike[] };
}

export async function verifySnapshot(jws: string, keys: TrustedKeys): Promise<VerifiedSnapshot> {
  const problems: string[] = [];
  const facts: string[] = [];
  let payload: VerifiedSnapshot['payload'];
  try {
    const result = await compactVerify(jws.trim(), createLocalJWKSet(keys.jwks as never), { algorithms: ['EdDSA'] });
    payload = JSON.parse(new TextDecoder().decode(result.payload));
    facts.push(`JWS signature valid (kid ${result.protectedHeader.kid})`);
  } catch (error) {
    return { ok: false, problems: [`snapshot signature: ${(error as Error).message}`], facts };
  }
  if (!payload || !Array.isArray(payload.labels)) return { ok: false, problems: ['snapshot payload has no labels'], facts };
  try {
    const checkpoint = parseCheckpoint(openNote(payload.checkpoint, keys.notes).text);
    if (checkpoint.size !== payload.serial) problems.push(`serial ${payload.serial} differs from the checkpoint size ${checkpoint.size}`);
    else facts.push(`serial ${payload.serial} matches the signed checkpoint`);
  } catch (error) {
    problems.push(`checkpoint: ${(error as Error).message}`);
  }
  const at = new Date(payload.issuedAt);
  for (const label of payload.labels) {
    const state = labelStateAt(
      label.history.map((h) => ({ type: h.event as LabelEventType, at: new Date(h.at), expiresAt: h.expiresAt ? new Date(h.expiresAt) : null })),
      at,
    );
    if (!state) problems.push(`${label.registrationNumber}: history has no issue event`);
    else if (state.status !== label.status || state.expiresAt.toISOString() !== label.expiresAt) {
      problems.push(`${label.registrationNumber}: says ${label.status} until ${label.expiresAt}, history gives ${state.status} until ${state.expiresAt.toISOString()}`);
    }
  }
  facts.push(`${payload.labels.length} labels checked against their histories`);
  return { ok: problems.length === 0, problems, facts, payload };
}
