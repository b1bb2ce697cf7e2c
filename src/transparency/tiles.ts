/**
 * Hash tiles of a tiled log (https://c2sp.org/tlog-tiles), tile height 8. Hash k of tile N at
 * tile level L is the stored hash at tree level 8L, subtree N·256 + k: MTH of 256^L leaves. A
 * server serves tiles from its stored hashes (tileHashes); a client holding only tiles rebuilds
 * any stored hash from them (hashReaderFromTiles), hence tree hashes and proofs.
 */
import { TransparencyError } from './errors.ts';
import { type Hash, type ReadHashes, HASH_SIZE, nodeHash, readHashesChecked } from './hash.ts';
import { MAX_TREE_SIZE, splitStoredHashIndex, storedHashIndex } from './merkle.ts';
import { type Tile, TILE_WIDTH, tilePath } from './tile-path.ts';

export { type ParsedTilePath, type Tile, MAX_TILE_LEVEL, TILE_WIDTH, entriesPath, parseTilePath, tilePath } from './tile-path.ts';
export { MAX_ENTRY_SIZE, formatEntryBundle, parseEntryBundle } from './entry-bundle.ts';

/** Tree levels per tile level. */
export const TILE_HEIGHT = 8;

function checkSize(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TREE_SIZE) {
    throw new TransparencyError('INVALID_ARGUMENT', `${what} must be an integer from 0 to ${MAX_TREE_SIZE}, got ${value}`);
  }
}

/** How many hashes tile level L has in a tree of size n: floor(n / 256^L). */
function hashesAtLevel(treeSize: number, level: number): number {
  return Math.floor(treeSize / TILE_WIDTH ** level);
}

/**
 * The tiles that growing a tree from `oldSize` to `newSize` leaves creates or widens, as Go's
 * tlog.NewTiles: full tiles completed in between, and the new partial tile of each level.
 * Entry bundles follow the level-0 tiles one for one.
 */
export function newTiles(oldSize: number, newSize: number): Tile[] {
  checkSize('new tree size', newSize);
  checkSize('old tree size', oldSize);
  if (oldSize > newSize) throw new TransparencyError('INVALID_ARGUMENT', `old tree size ${oldSize} is larger than new tree size ${newSize}`);
  const tiles: Tile[] = [];
  for (let level = 0; hashesAtLevel(newSize, level) > 0; level++) {
    const oldCount = hashesAtLevel(oldSize, level);
    const newCount = hashesAtLevel(newSize, level);
    if (oldCount === newCount) continue;
    const fullTiles = Math.floor(newCount / TILE_WIDTH);
    for (let index = Math.floor(oldCount / TILE_WIDTH); index < fullTiles; index++) tiles.push({ level, index, width: TILE_WIDTH });
    const width = newCount % TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: fullTiles, width });
  }
  return tiles;
}

/** Every tile a tree of size n publishes (spec example: 70,000 leaves give 273 + 1 + 1 + 1 + 1). */
export function tilesForTree(n: number): Tile[] {
  return newTiles(0, n);
}

function checkTile(level: number, index: number, width: number): void {
  // tilePath checks level, index and width exactly as a publishable tile needs them.
  tilePath(level, index, width);
  if ((index * TILE_WIDTH + width) * TILE_WIDTH ** level > MAX_TREE_SIZE) {
    throw new TransparencyError('INVALID_ARGUMENT', `tile ${tilePath(level, index, width)} lies beyond MAX_TREE_SIZE`);
  }
}

/** The stored hashes tileHashes(level, index, width, …) reads. */
export function indexesForTile(level: number, index: number, width: number): number[] {
  checkTile(level, index, width);
  const indexes: number[] = [];
  for (let k = 0; k < width; k++) indexes.push(storedHashIndex(TILE_HEIGHT * level, index * TILE_WIDTH + k));
  return indexes;
}

/** The bytes of a tile: its `width` hashes concatenated. Reads the stored hashes at most once. */
export function tileHashes(level: number, index: number, width: number, readHashes: ReadHashes): Uint8Array {
  const indexes = indexesForTile(level, index, width);
  const out = new Uint8Array(width * HASH_SIZE);
  readHashesChecked(readHashes, indexes).forEach((hash, k) => out.set(hash, k * HASH_SIZE));
  return out;
}

/** Where a stored hash comes from in a tree of a given size: which tile, and which of its hashes. */
interface HashLocation {
  tile: Tile;
  /** First tile hash under the subtree. */
  start: number;
  /** Tile hashes under the subtree: 2^(level − 8L), a power of two that never crosses a tile. */
  count: number;
}

function locateHash(treeSize: number, index: number): HashLocation {
  const [level, n] = splitStoredHashIndex(index);
  if ((n + 1) * 2 ** level > treeSize) {
    throw new TransparencyError('INVALID_ARGUMENT', `stored hash ${index} (level ${level}, subtree ${n}) is not part of a tree of size ${treeSize}`);
  }
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const count = 2 ** (level - TILE_HEIGHT * tileLevel);
  const first = n * count;
  const tileIndex = Math.floor(first / TILE_WIDTH);
  // The tree size fixes each tile's width: full, or the one partial tile its checkpoint published.
  const width = Math.min(TILE_WIDTH, hashesAtLevel(treeSize, tileLevel) - tileIndex * TILE_WIDTH);
  return { tile: { level: tileLevel, index: tileIndex, width }, start: first - tileIndex * TILE_WIDTH, count };
}

/** The distinct tiles needed to read these stored hashes of a tree of size `treeSize`, for prefetching. */
export function tilesForIndexes(treeSize: number, indexes: readonly number[]): Tile[] {
  checkSize('tree size', treeSize);
  const tiles = new Map<string, Tile>();
  for (const index of indexes) {
    const { tile } = locateHash(treeSize, index);
    tiles.set(tilePath(tile.level, tile.index, tile.width), tile);
  }
  return [...tiles.values()];
}

/** MTH of `count` consecutive tile hashes: the tree levels between tile levels are not stored. */
function foldTileHashes(data: Uint8Array, start: number, count: number): Hash {
  let row: Hash[] = [];
  for (let k = start; k < start + count; k++) row.push(data.slice(k * HASH_SIZE, (k + 1) * HASH_SIZE));
  while (row.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
    row = next;
  }
  return row[0]!;
}

/**
 * A ReadHashes over the tiles of the tree of size `treeSize`, asking `readTile` for each tile it
 * needs (at most once per call) with the exact width that tree publishes. Tiles are not
 * authenticated here: compare what you compute with a signed checkpoint (treeHash against its
 * root hash, or checkRecord / checkTree), which detects any wrong tile.
 */
export function hashReaderFromTiles(treeSize: number, readTile: (tile: Tile) => Uint8Array): ReadHashes {
  checkSize('tree size', treeSize);
  return (indexes) => {
    const tiles = new Map<string, Uint8Array>();
    return indexes.map((index) => {
      const { tile, start, count } = locateHash(treeSize, index);
      const path = tilePath(tile.level, tile.index, tile.width);
      let data = tiles.get(path);
      if (!data) {
        data = readTile(tile);
        if (!(data instanceof Uint8Array) || data.length !== tile.width * HASH_SIZE) {
          throw new TransparencyError('MALFORMED_TILE', `malformed tile: ${path} must be ${tile.width * HASH_SIZE} bytes, got ${data instanceof Uint8Array ? data.length : typeof data}`);
        }
        tiles.set(path, data);
      }
      return foldTileHashes(data, start, count);
    });
  };
}
