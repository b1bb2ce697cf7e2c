import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  type Tile,
  MemoryHashStore,
  checkRecord,
  checkTree,
  entriesPath,
  formatCheckpoint,
  formatEntryBundle,
  hashReaderFromTiles,
  indexesForRecordProof,
  leafHash,
  newTiles,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  parseTilePath,
  proveRecord,
  proveTree,
  rawPublicKey,
  signNote,
  storedHashIndex,
  tileHashes,
  tilePath,
  tilesForIndexes,
  tilesForTree,
  treeHash,
} from '../../src/transparency/index.ts';
import { hex } from './naive-merkle.ts';

const SIZE = 70_000;
const entry = (i: number): Uint8Array => new TextEncoder().encode(`label JS2-2026-${String(i).padStart(6, '0')}`);
const store = new MemoryHashStore();
for (let i = 0; i < SIZE; i++) store.append(entry(i));

/** What a static server would hold: every tile of the tree, by path. */
const served = new Map<string, Uint8Array>();
for (const { level, index, width } of tilesForTree(SIZE)) served.set(tilePath(level, index, width), tileHashes(level, index, width, store.readHashes));
const readServed = (tile: Tile): Uint8Array => {
  const data = served.get(tilePath(tile.level, tile.index, tile.width));
  assert.ok(data, `tile ${tilePath(tile.level, tile.index, tile.width)} is served`);
  return data;
};
const fromTiles = hashReaderFromTiles(SIZE, readServed);

const summary = (tiles: Tile[]) => tiles.map((t) => tilePath(t.level, t.index, t.width));

describe('tile paths', () => {
  it('encodes the index in 3-digit elements with "x" on all but the last', () => {
    assert.equal(tilePath(0, 0), 'tile/0/000');
    assert.equal(tilePath(0, 1234067), 'tile/0/x001/x234/067');
    assert.equal(tilePath(0, 0, 5), 'tile/0/000.p/5');
    assert.equal(tilePath(2, 1000, 256), 'tile/2/x001/000');
    assert.equal(tilePath(63, 999), 'tile/63/999');
    assert.equal(entriesPath(1234067), 'tile/entries/x001/x234/067');
    assert.equal(entriesPath(0, 255), 'tile/entries/000.p/255');
  });

  it('refuses widths outside 1–256, levels outside 0–63 and negative or fractional indexes', () => {
    for (const [level, index, width] of [[0, 0, 0], [0, 0, 257], [64, 0, 1], [0, -1, 1], [0, 1.5, 1], [-1, 0, 1]]) {
      assert.throws(() => tilePath(level!, index!, width), { code: 'INVALID_ARGUMENT' }, `${level}, ${index}, ${width}`);
    }
  });

  it('parses canonical paths back', () => {
    assert.deepEqual(parseTilePath('tile/0/x001/x234/067'), { kind: 'tile', tile: { level: 0, index: 1234067, width: 256 } });
    assert.deepEqual(parseTilePath('tile/3/x123/x456/078.p/2'), { kind: 'tile', tile: { level: 3, index: 123456078, width: 2 } });
    assert.deepEqual(parseTilePath('tile/entries/000.p/5'), { kind: 'entries', index: 0, width: 5 });
    for (const tile of tilesForTree(SIZE)) {
      assert.deepEqual(parseTilePath(tilePath(tile.level, tile.index, tile.width)), { kind: 'tile', tile });
    }
  });

  it('rejects non-canonical and malformed paths', () => {
    const bad = [
      'tile/3/5/123/456/078', 'tile/0/123/456', 'tile/0/x000/001', 'tile/00/000', 'tile/64/000', 'tile/0/01',
      'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/0/000.p/05', 'tile/entries/000.p/', 'tile/data/000', '/tile/0/000',
      'tile/0/000/', 'tile/0/x999/x999/x999/x999/x999/x999/999',
    ];
    for (const path of bad) assert.throws(() => parseTilePath(path), { code: 'MALFORMED_TILE' }, path);
  });
});

describe('tilesForTree and newTiles', () => {
  it('lists the tiles of small trees', () => {
    assert.deepEqual(tilesForTree(0), []);
    assert.deepEqual(summary(tilesForTree(1)), ['tile/0/000.p/1']);
    assert.deepEqual(summary(tilesForTree(255)), ['tile/0/000.p/255']);
    assert.deepEqual(summary(tilesForTree(256)), ['tile/0/000', 'tile/1/000.p/1']);
    assert.deepEqual(summary(tilesForTree(257)), ['tile/0/000', 'tile/0/001.p/1', 'tile/1/000.p/1']);
  });

  it('lists 256 full level-0 tiles, one partial, one full level-1 tile and one level-2 tile for 65,536 + 3', () => {
    const tiles = tilesForTree(65536 + 3);
    assert.equal(tiles.length, 259);
    assert.deepEqual(tiles.slice(0, 256), Array.from({ length: 256 }, (_, index) => ({ level: 0, index, width: 256 })));
    assert.deepEqual(tiles.slice(256), [{ level: 0, index: 256, width: 3 }, { level: 1, index: 0, width: 256 }, { level: 2, index: 0, width: 1 }]);
  });

  it('matches the spec example: 70,000 leaves', () => {
    const partial = tilesForTree(SIZE).filter((t) => t.width < 256);
    assert.equal(tilesForTree(SIZE).filter((t) => t.level === 0 && t.width === 256).length, 273);
    assert.deepEqual(summary(partial), ['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']);
    assert.deepEqual(summary(tilesForTree(SIZE).filter((t) => t.level === 1 && t.width === 256)), ['tile/1/000']);
  });

  it('lists what growing a tree creates or widens', () => {
    assert.deepEqual(newTiles(100, 100), []);
    assert.deepEqual(summary(newTiles(255, 256)), ['tile/0/000', 'tile/1/000.p/1']);
    assert.deepEqual(summary(newTiles(256, 257)), ['tile/0/001.p/1']);
    assert.deepEqual(summary(newTiles(300, 600)), ['tile/0/001', 'tile/0/002.p/88', 'tile/1/000.p/2']);
    assert.throws(() => newTiles(5, 4), { code: 'INVALID_ARGUMENT' });
  });

  it('ends with exactly the tiles of the final tree when growth is published step by step', () => {
    const latest = new Map<string, Tile>();
    let size = 0;
    for (const next of [1, 7, 255, 256, 300, 65535, 65536, 65539]) {
      for (const tile of newTiles(size, next)) latest.set(`${tile.level}/${tile.index}`, tile);
      size = next;
    }
    assert.deepEqual(summary([...latest.values()]).sort(), summary(tilesForTree(size)).sort());
  });
});

describe('tile contents', () => {
  it('holds 256 leaf hashes per full level-0 tile and 32 bytes per hash', () => {
    const tile = served.get('tile/0/000')!;
    assert.equal(tile.length, 256 * 32);
    assert.equal(hex(tile.subarray(32 * 5, 32 * 6)), hex(leafHash(entry(5))));
    assert.equal(served.get('tile/0/273.p/112')!.length, 112 * 32);
  });

  it('holds at level 1 the tree hash of each full level-0 tile', () => {
    const level1 = served.get('tile/1/000')!;
    assert.equal(hex(level1.subarray(0, 32)), hex(treeHash(256, store.readHashes)));
    assert.equal(hex(served.get('tile/2/000.p/1')!), hex(treeHash(65536, store.readHashes)));
  });

  it('never changes published hashes: a partial tile is a prefix of the later full tile', () => {
    assert.deepEqual(tileHashes(0, 3, 5, store.readHashes), served.get('tile/0/003')!.subarray(0, 5 * 32));
  });
});

describe('hashReaderFromTiles', () => {
  it('rebuilds the tree hash of the 70,000-leaf tree and of smaller trees', () => {
    for (const size of [SIZE, 1, 255, 256, 257, 65536, 69999]) {
      assert.equal(hex(treeHash(size, fromTiles)), hex(treeHash(size, store.readHashes)), `size ${size}`);
    }
  });

  it('rebuilds stored hashes of every level, including those between tile levels', () => {
    for (const [level, n] of [[0, 69999], [1, 7], [3, 100], [7, 2], [8, 272], [9, 1], [15, 1], [16, 0]] as const) {
      const index = storedHashIndex(level, n);
      assert.deepEqual(fromTiles([index]), store.readHashes([index]), `level ${level}, subtree ${n}`);
    }
  });

  it('produces the same inclusion and consistency proofs as the hash store, which verify', () => {
    const root = treeHash(SIZE, store.readHashes);
    for (const n of [0, 255, 256, 12345, 65535, 65536, 69999]) {
      const proof = proveRecord(SIZE, n, fromTiles);
      assert.deepEqual(proof, proveRecord(SIZE, n, store.readHashes));
      assert.equal(checkRecord(proof, SIZE, root, n, leafHash(entry(n))), true);
    }
    for (const old of [1, 256, 4097, 65536, 69999]) {
      const proof = proveTree(SIZE, old, fromTiles);
      assert.deepEqual(proof, proveTree(SIZE, old, store.readHashes));
      assert.equal(checkTree(proof, SIZE, root, old, treeHash(old, store.readHashes)), true);
    }
  });

  it('names in advance the tiles a proof needs, and reads only those', () => {
    const needed = summary(tilesForIndexes(SIZE, indexesForRecordProof(SIZE, 12345))).sort();
    const read: string[] = [];
    proveRecord(SIZE, 12345, hashReaderFromTiles(SIZE, (tile) => (read.push(tilePath(tile.level, tile.index, tile.width)), readServed(tile))));
    assert.deepEqual([...new Set(read)].sort(), needed);
    assert.equal(read.length, new Set(read).size, 'each tile read once per call');
  });

  it('refuses hashes outside the tree and tiles of the wrong length', () => {
    assert.throws(() => fromTiles([storedHashIndex(0, SIZE)]), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => fromTiles([storedHashIndex(17, 0)]), { code: 'INVALID_ARGUMENT' });
    const short = hashReaderFromTiles(SIZE, (tile) => readServed(tile).subarray(32));
    assert.throws(() => treeHash(SIZE, short), { code: 'MALFORMED_TILE', message: /must be \d+ bytes/ });
  });

  it('lets a checkpoint catch a tampered tile', () => {
    const root = treeHash(SIZE, store.readHashes);
    const tampered = hashReaderFromTiles(SIZE, (tile) => {
      const data = readServed(tile).slice();
      if (tile.level === 1) data[0]! ^= 1;
      return data;
    });
    assert.notEqual(hex(treeHash(SIZE, tampered)), hex(root));
  });
});

describe('entry bundles', () => {
  it('round-trips entries as uint16-length-prefixed records', () => {
    const entries = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(65535).fill(9)];
    const bundle = formatEntryBundle(entries);
    assert.deepEqual([...bundle.subarray(0, 7)], [0, 0, 0, 3, 1, 2, 3]);
    assert.deepEqual(parseEntryBundle(bundle), entries);
  });

  it('hashes entry i of bundle N to hash i of level-0 tile N', () => {
    const bundle = formatEntryBundle(Array.from({ length: 112 }, (_, i) => entry(273 * 256 + i)));
    const tile = served.get('tile/0/273.p/112')!;
    parseEntryBundle(bundle).forEach((e, i) => assert.equal(hex(leafHash(e)), hex(tile.subarray(i * 32, (i + 1) * 32))));
  });

  it('rejects oversized entries, truncated bundles and more than 256 entries', () => {
    assert.throws(() => formatEntryBundle([new Uint8Array(65536)]), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatEntryBundle([]), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => parseEntryBundle(Uint8Array.of(0, 3, 1, 2)), { code: 'MALFORMED_TILE', message: /truncated/ });
    assert.throws(() => parseEntryBundle(Uint8Array.of(0, 1, 1, 0)), { code: 'MALFORMED_TILE', message: /length prefix/ });
    assert.throws(() => parseEntryBundle(new Uint8Array(257 * 2)), { code: 'MALFORMED_TILE', message: /more than 256/ });
  });
});

describe('a verifier holding only a signed checkpoint and tiles', () => {
  it('checks the root and an entry without the log database', () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const origin = 'registry.example.jp/transparency';
    const note = signNote(formatCheckpoint({ origin, size: SIZE, rootHash: treeHash(SIZE, store.readHashes) }), [{ name: origin, privateKey }]);

    const checkpoint = parseCheckpoint(openNote(note, [{ name: origin, publicKeyRaw: rawPublicKey(privateKey) }]).text);
    const reader = hashReaderFromTiles(checkpoint.size, readServed);
    assert.equal(hex(treeHash(checkpoint.size, reader)), hex(checkpoint.rootHash));
    const proof = proveRecord(checkpoint.size, 4242, reader);
    assert.equal(checkRecord(proof, checkpoint.size, checkpoint.rootHash, 4242, leafHash(entry(4242))), true);
    assert.equal(checkRecord(proof, checkpoint.size, checkpoint.rootHash, 4242, leafHash(entry(4243))), false);
  });
});
