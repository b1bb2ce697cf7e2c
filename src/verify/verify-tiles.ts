/**
 * Verifies a copy of the log's tiles offline: the checkpoint's signature, that the tiles hash to
 * its root, that every entry is the leaf the tree holds, that statuses replay (and match a
 * snapshot when given), and that an earlier checkpoint is a prefix of this one (no fork, no
 * rewrite).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  checkTree,
  entriesPath,
  hashesEqual,
  hashReaderFromTiles,
  leafHash,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  proveTree,
  storedHashIndex,
  tilePath,
  treeHash,
  type Checkpoint,
  type NoteVerifier,
} from '../transparency/index.ts';
import { parseLeaf, replayStatuses, type LeafFields } from './replay.ts';
import type { SnapshotLabelLike } from './verify-snapshot.ts';
import type { VerifyResult } from './verify-receipt.ts';

export interface TileSource {
  read(relativePath: string): Uint8Array | undefined;
}

export function directoryTileSource(dir: string): TileSource {
  return {
    read(relative) {
      const file = path.join(dir, relative);
      return fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : undefined;
    },
  };
}

export interface VerifyTilesOptions {
  /** An earlier checkpoint note this log must extend. */
  previousCheckpoint?: string;
  /** Statuses to compare with what the log replays. */
  snapshot?: { issuedAt: string; labels: SnapshotLabelLike[] };
}

export function verifyTiles(source: TileSource, verifiers: readonly NoteVerifier[], options: VerifyTilesOptions = {}): VerifyResult & { checkpoint?: Checkpoint } {
  const problems: string[] = [];
  const facts: string[] = [];
  const note = source.read('checkpoint');
  if (!note) return { ok: false, problems: ['no checkpoint file'], facts };
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(note, verifiers).text);
    facts.push(`checkpoint signed by a trusted key: ${checkpoint.origin}, size ${checkpoint.size}`);
  } catch (error) {
    return { ok: false, problems: [`checkpoint: ${(error as Error).message}`], facts };
  }
  const size = checkpoint.size;
  const read = hashReaderFromTiles(size, (tile) => {
    const data = source.read(tilePath(tile.level, tile.index, tile.width));
    if (!data) throw new Error(`missing tile ${tilePath(tile.level, tile.index, tile.width)}`);
    return data;
  });
  try {
    if (!hashesEqual(treeHash(size, read), checkpoint.rootHash)) {
      return { ok: false, problems: ['the tiles do not hash to the signed root: the log was altered'], facts, checkpoint };
    }
    facts.push('tiles hash to the signed root');
  } catch (error) {
    return { ok: false, problems: [(error as Error).message], facts, checkpoint };
  }

  const leaves: LeafFields[] = [];
  for (let start = 0; start < size; start += 256) {
    const width = Math.min(256, size - start);
    const bundlePath = entriesPath(start / 256, width);
    const bundle = source.read(bundlePath);
    if (!bundle) {
      problems.push(`missing entry bundle ${bundlePath}`);
      break;
    }
    let entries: Uint8Array[];
    try {
      entries = parseEntryBundle(bundle);
    } catch (error) {
      problems.push(`${bundlePath}: ${(error as Error).message}`);
      break;
    }
    if (entries.length !== width) problems.push(`${bundlePath} holds ${entries.length} entries, the tree has ${width} there`);
    const indexes = entries.map((_, k) => storedHashIndex(0, start + k));
    const hashes = read(indexes);
    entries.forEach((entry, k) => {
      if (!hashesEqual(leafHash(entry), hashes[k]!)) problems.push(`entry ${start + k} is not the leaf the tree holds (altered, dropped or reordered)`);
      try {
        leaves.push(parseLeaf(new TextDecoder().decode(entry), start + k));
      } catch (error) {
        problems.push((error as Error).message);
      }
    });
  }
  if (problems.length === 0) facts.push(`${leaves.length} entries match the tree`);

  const instant = options.snapshot ? new Date(options.snapshot.issuedAt) : new Date();
  const replay = replayStatuses(leaves, instant);
  problems.push(...replay.problems);
  if (options.snapshot) {
    const seen = new Set<string>();
    for (const label of options.snapshot.labels) {
      seen.add(label.registrationNumber);
      const fromLog = replay.statuses.get(label.registrationNumber);
      if (!fromLog) problems.push(`${label.registrationNumber} is in the snapshot but not in the log`);
      else if (fromLog.status !== label.status || fromLog.expiresAt !== label.expiresAt) {
        problems.push(`${label.registrationNumber}: snapshot says ${label.status} until ${label.expiresAt}, the log replays ${fromLog.status} until ${fromLog.expiresAt}`);
      }
    }
    for (const rn of replay.statuses.keys()) if (!seen.has(rn)) problems.push(`${rn} is in the log but missing from the snapshot`);
    facts.push(`${options.snapshot.labels.length} snapshot statuses compared with the log`);
  }

  if (options.previousCheckpoint) {
    try {
      const previous = parseCheckpoint(openNote(options.previousCheckpoint, verifiers).text);
      if (previous.origin !== checkpoint.origin) problems.push(`the earlier checkpoint is of another log (${previous.origin})`);
      else if (previous.size > size) problems.push(`the log shrank from ${previous.size} to ${size} entries: rolled back or rewritten`);
      else if (previous.size > 0) {
        const proof = previous.size === size ? [] : proveTree(size, previous.size, read);
        if (checkTree(proof, size, checkpoint.rootHash, previous.size, previous.rootHash)) facts.push(`consistent with the earlier checkpoint of size ${previous.size}`);
        else problems.push(`the log of size ${size} does not extend the earlier checkpoint of size ${previous.size}: forked or rewritten`);
      }
    } catch (error) {
      problems.push(`earlier checkpoint: ${(error as Error).message}`);
    }
  }
  return { ok: problems.length === 0, problems, facts, checkpoint };
}
