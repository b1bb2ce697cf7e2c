/**
 * Verifies a label's JSON offline: its receipt's checkpoint is signed by a trusted key, the leaf
 * is in that tree, and the label's facts agree with the leaf.
 */
import { checkRecord, leafHash, openNote, parseCheckpoint, type NoteVerifier } from '../transparency/index.ts';
import { deriveStatus } from '../domain/label-status.ts';
import { parseLeaf } from './replay.ts';

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  facts: string[];
}

interface LabelWithReceipt {
  registrationNumber?: string;
  status?: string;
  statusAt?: string;
  issuedAt?: string;
  expiresAt?: string;
  receipt?: { leaf: string; index: number; proof: string[]; checkpoint: string };
}

export function verifyReceipt(label: LabelWithReceipt, verifiers: readonly NoteVerifier[]): VerifyResult {
  const problems: string[] = [];
  const facts: string[] = [];
  const receipt = label.receipt;
  if (!receipt || typeof receipt.leaf !== 'string' || !Array.isArray(receipt.proof)) {
    return { ok: false, problems: ['the label JSON has no receipt'], facts };
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(receipt.checkpoint, verifiers).text);
    facts.push(`checkpoint signed by a trusted key: ${checkpoint.origin}, size ${checkpoint.size}`);
  } catch (error) {
    return { ok: false, problems: [`checkpoint: ${(error as Error).message}`], facts };
  }
  const proof = receipt.proof.map((h) => new Uint8Array(Buffer.from(h, 'base64')));
  const included = checkRecord(proof, checkpoint.size, checkpoint.rootHash, receipt.index, leafHash(new TextEncoder().encode(receipt.leaf)));
  if (included) facts.push(`leaf ${receipt.index} is included in the tree of ${checkpoint.size}`);
  else problems.push(`inclusion proof does not lead from leaf ${receipt.index} to the signed root: the leaf or proof was altered`);

  let leaf;
  try {
    leaf = parseLeaf(receipt.leaf, receipt.index);
  } catch (error) {
    return { ok: false, problems: [...problems, (error as Error).message], facts };
  }
  const compare = (field: 'registrationNumber' | 'issuedAt' | 'expiresAt') => {
    if (label[field] !== leaf[field]) problems.push(`${field} is ${JSON.stringify(label[field])} but the log says ${JSON.stringify(leaf[field])}`);
  };
  compare('registrationNumber');
  compare('issuedAt');
  compare('expiresAt');
  const instant = label.statusAt ? new Date(label.statusAt) : new Date();
  const base = leaf.status === 'expired' ? 'valid' : (leaf.status as 'valid');
  const expected = deriveStatus(base, new Date(leaf.expiresAt), instant);
  if (label.status !== expected) problems.push(`status is ${JSON.stringify(label.status)} but the log gives ${JSON.stringify(expected)} at ${instant.toISOString()}`);
  else facts.push(`status ${expected} agrees with the log`);
  return { ok: problems.length === 0, problems, facts };
}
