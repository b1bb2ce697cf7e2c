/**
 * Transparency-log verification and construction: RFC 9162 Merkle trees over the stored-hash
 * layout of Go's sumdb/tlog, C2SP signed notes and checkpoints, and C2SP tlog-tiles.
 *
 * Self-contained on purpose: nothing here imports anything but node:crypto and these files, so
 * other programs (auditors, monitors, label checkers) can copy or import this directory alone.
 * The application wires the log to the database and HTTP elsewhere.
 */
export { type TransparencyErrorCode, TransparencyError } from './errors.ts';
export {
  type Hash,
  type ReadHashes,
  HASH_SIZE,
  MAX_TREE_SIZE,
  checkRecord,
  checkTree,
  emptyRoot,
  hashesEqual,
  indexesForRecordProof,
  indexesForStoredHashes,
  indexesForTreeHash,
  indexesForTreeProof,
  leafHash,
  nodeHash,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashesForRecord,
  storedHashesForRecordHash,
  treeHash,
} from './merkle.ts';
export { MemoryHashStore } from './memory-hash-store.ts';
export {
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
  type ParsedSignerKey,
  type ParsedVerifierKey,
  ALG_ED25519,
  MAX_NOTE_SIGNATURES,
  generateNoteKeys,
  keyHash,
  keyNameProblem,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  privateKeyFromSeed,
  publicKeyFromRaw,
  rawPublicKey,
  signNote,
  signerKey,
  verifierKey,
} from './note.ts';
export { type Checkpoint, formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
export {
  type ParsedTilePath,
  type Tile,
  MAX_ENTRY_SIZE,
  MAX_TILE_LEVEL,
  TILE_HEIGHT,
  TILE_WIDTH,
  entriesPath,
  formatEntryBundle,
  hashReaderFromTiles,
  indexesForTile,
  newTiles,
  parseEntryBundle,
  parseTilePath,
  tileHashes,
  tilePath,
  tilesForIndexes,
  tilesForTree,
} from './tiles.ts';
