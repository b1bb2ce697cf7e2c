/**
 * Checkpoint note texts (https://c2sp.org/tlog-checkpoint): origin, tree size and root hash, one
 * per line, then optional extension lines. Only the text; signing is note.ts's job.
 */
import { decodeBase64, encodeBase64, hasLoneSurrogate } from './encoding.ts';
import { TransparencyError } from './errors.ts';
import { type Hash, HASH_SIZE, isHash } from './hash.ts';

/** The parts of a checkpoint. */
export interface Checkpoint {
  /** Unique identity of the log, e.g. `registry.example.jp/transparency`. */
  origin: string;
  /** Number of leaves in the tree. */
  size: number;
  /** MTH of the first `size` leaves (RFC 9162 §2.1.1). */
  rootHash: Hash;
  /** Opaque extra lines after the root hash; the spec advises against them. */
  extensions?: string[];
}

function malformed(problem: string): TransparencyError {
  return new TransparencyError('MALFORMED_CHECKPOINT', `malformed checkpoint: ${problem}`);
}

/** A line must be non-empty and single, and fit in a signed note (no control characters). */
function lineProblem(line: string): string | undefined {
  if (typeof line !== 'string' || line === '') return 'is empty';
  if (/[\x00-\x1f]/.test(line)) return 'contains a newline or control character';
  if (hasLoneSurrogate(line)) return 'is not valid Unicode';
  return undefined;
}

/** The checkpoint text `<origin>\n<size>\n<base64 root hash>\n[extension lines\n]`. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  const originProblem = lineProblem(origin);
  if (originProblem) throw malformed(`origin ${originProblem}`);
  if (!Number.isSafeInteger(size) || size < 0) throw malformed(`tree size must be a non-negative safe integer, got ${size}`);
  if (!isHash(rootHash)) throw malformed(`root hash must be ${HASH_SIZE} bytes`);
  extensions.forEach((line, i) => {
    const problem = lineProblem(line);
    if (problem) throw malformed(`extension line ${i + 1} ${problem}`);
  });
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses and validates a checkpoint text (the text of an opened note). Sizes above 2^53 − 1 are
 * refused: the spec allows up to 2^64 − 1, but no tree here can be that large.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed(`expected at least 3 lines (origin, tree size, root hash), got ${lines.length}`);
  const [origin, sizeLine, hashLine, ...extensions] = lines as [string, string, string, ...string[]];
  const originProblem = lineProblem(origin);
  if (originProblem) throw malformed(`origin ${originProblem}`);
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) {
    throw malformed(`tree size "${sizeLine}" is not a decimal number without leading zeros`);
  }
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw malformed(`tree size ${sizeLine} is larger than 2^53 - 1`);
  const rootHash = decodeBase64(hashLine);
  if (!rootHash) throw malformed('root hash is not standard padded base64');
  if (rootHash.length !== HASH_SIZE) throw malformed(`root hash is ${rootHash.length} bytes, want ${HASH_SIZE}`);
  extensions.forEach((line, i) => {
    const problem = lineProblem(line);
    if (problem) throw malformed(`extension line ${i + 1} ${problem}`);
  });
  return extensions.length > 0 ? { origin, size, rootHash, extensions } : { origin, size, rootHash };
}
