/**
 * Property tests of the transparency log's parsers. The log monitor and `hoshi verify` feed them
 * bytes fetched from a registry that may be hostile, so for any input they must return a value
 * or throw the module's one documented error (TransparencyError), and every format they read
 * must round-trip with its writer. Runs: FUZZ_RUNS (see test/security/fuzz.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  entriesPath,
  formatCheckpoint,
  formatEntryBundle,
  generateNoteKeys,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  parseSignerKey,
  parseTilePath,
  parseVerifierKey,
  signNote,
  tilePath,
  TransparencyError,
} from '../../src/transparency/index.ts';
import { anyText, nearValid, params, RUNS, throwsOnly } from './fuzz.ts';

const isTransparencyError = (e: unknown) => e instanceof TransparencyError;
const origin = fc.string({ unit: fc.constantFrom(...'abcxyz.-/0189'), minLength: 1, maxLength: 30 });
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const KEYS = generateNoteKeys('registry.test/log');
const SIGNER = parseSignerKey(KEYS.signerKey);
const VERIFIER = parseVerifierKey(KEYS.verifierKey);

describe('checkpoints', () => {
  const checkpoint = fc.record({ origin, size: fc.maxSafeNat(), rootHash: hash });

  it('round-trip format → parse', () => {
    fc.assert(
      fc.property(checkpoint, (c) => {
        const parsed = parseCheckpoint(formatCheckpoint(c));
        assert.deepEqual({ ...parsed, rootHash: [...parsed.rootHash] }, { ...c, rootHash: [...c.rootHash] });
      }),
      params(),
    );
  });

  it('parse any text or throw TransparencyError', () => {
    const near = nearValid(checkpoint.map((c) => formatCheckpoint(c)));
    fc.assert(fc.property(fc.oneof(anyText(120), near), (text) => throwsOnly(() => parseCheckpoint(text), isTransparencyError, 'parseCheckpoint')), params());
  });
});

describe('signed notes', () => {
  const text = fc.string({ unit: fc.constantFrom(...'abc XYZ019\n.+-'), minLength: 1, maxLength: 60 }).map((t) => `${t.replace(/\n+$/, '')}\n`).filter((t) => t !== '\n' && !t.includes('\n\n'));

  it('open what was signed, as it was signed', () => {
    fc.assert(
      fc.property(text, (t) => {
        const note = signNote(t, [SIGNER]);
        assert.equal(openNote(note, [VERIFIER]).text, t);
      }),
      params(),
    );
  });

  it('open any text or bytes, or throw TransparencyError; an altered note verifies only as the signed text', () => {
    const altered = text.chain((t) => nearValid(fc.constant(signNote(t, [SIGNER]))).map((note) => [t, note] as const));
    fc.assert(
      fc.property(altered, anyText(200), fc.uint8Array({ maxLength: 200 }), ([signedText, note], junk, bytes) => {
        let opened: string | undefined;
        throwsOnly(() => (opened = openNote(note, [VERIFIER]).text), isTransparencyError, 'openNote(altered)');
        if (opened !== undefined) assert.equal(opened, signedText, 'an edit of the text must break the signature');
        throwsOnly(() => openNote(junk, [VERIFIER]), isTransparencyError, 'openNote(text)');
        throwsOnly(() => openNote(bytes, [VERIFIER]), isTransparencyError, 'openNote(bytes)');
      }),
      params(),
    );
  });

  it('parse any verifier or signer key string, or throw TransparencyError', () => {
    const near = nearValid(fc.constantFrom(KEYS.verifierKey, KEYS.signerKey));
    fc.assert(
      fc.property(fc.oneof(anyText(120), near), (key) => {
        throwsOnly(() => parseVerifierKey(key), isTransparencyError, 'parseVerifierKey');
        throwsOnly(() => parseSignerKey(key), isTransparencyError, 'parseSignerKey');
      }),
      params(),
    );
  });
});

describe('tiles', () => {
  const tile = fc.record({ level: fc.integer({ min: 0, max: 63 }), index: fc.maxSafeNat(), width: fc.integer({ min: 1, max: 256 }) });

  it('round-trip tile and entry-bundle paths, one spelling each', () => {
    fc.assert(
      fc.property(tile, ({ level, index, width }) => {
        assert.deepEqual(parseTilePath(tilePath(level, index, width)), { kind: 'tile', tile: { level, index, width } });
        assert.deepEqual(parseTilePath(entriesPath(index, width)), { kind: 'entries', index, width });
      }),
      params(),
    );
  });

  it('parse any path, or throw TransparencyError; what parses formats back to itself', () => {
    const near = nearValid(tile.map(({ level, index, width }) => tilePath(level, index, width)));
    fc.assert(
      fc.property(fc.oneof(anyText(60), near), (path) => {
        let parsed: ReturnType<typeof parseTilePath> | undefined;
        throwsOnly(() => (parsed = parseTilePath(path)), isTransparencyError, 'parseTilePath');
        if (!parsed) return;
        const again = parsed.kind === 'tile' ? tilePath(parsed.tile.level, parsed.tile.index, parsed.tile.width) : entriesPath(parsed.index, parsed.width);
        assert.equal(again, path);
      }),
      params(),
    );
  });

  it('round-trip entry bundles, and parse any bytes or throw TransparencyError', () => {
    const entries = fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 256 });
    fc.assert(
      fc.property(entries, fc.uint8Array({ maxLength: 300 }), (list, bytes) => {
        assert.deepEqual(parseEntryBundle(formatEntryBundle(list)).map((e) => [...e]), list.map((e) => [...e]));
        throwsOnly(() => parseEntryBundle(bytes), isTransparencyError, 'parseEntryBundle');
      }),
      params(Math.max(1, Math.floor(RUNS / 10))),
    );
  });
});
