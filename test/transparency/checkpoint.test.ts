import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from '../../src/transparency/index.ts';

// The example of c2sp.org/tlog-checkpoint.
const SPEC_EXAMPLE = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const ROOT = new Uint8Array(32).map((_, i) => i * 7);

describe('formatCheckpoint and parseCheckpoint', () => {
  it('parses the spec example', () => {
    const checkpoint = parseCheckpoint(SPEC_EXAMPLE);
    assert.equal(checkpoint.origin, 'example.com/behind-the-sofa');
    assert.equal(checkpoint.size, 20852163);
    assert.equal(Buffer.from(checkpoint.rootHash).toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    assert.equal(checkpoint.extensions, undefined);
    assert.equal(formatCheckpoint(checkpoint), SPEC_EXAMPLE);
  });

  it('round-trips origin, size, root hash and extension lines', () => {
    const cases: Checkpoint[] = [
      { origin: 'registry.example.jp/log', size: 0, rootHash: ROOT },
      { origin: 'registry.example.jp/log', size: 2 ** 53 - 1, rootHash: ROOT },
      { origin: 'o', size: 42, rootHash: ROOT, extensions: ['ext one', 'ext two'] },
    ];
    for (const checkpoint of cases) assert.deepEqual(parseCheckpoint(formatCheckpoint(checkpoint)), checkpoint);
    assert.equal(formatCheckpoint(cases[0]!), `registry.example.jp/log\n0\n${Buffer.from(ROOT).toString('base64')}\n`);
  });

  it('rejects tree sizes with leading zeros, signs, spaces or beyond 2^53 - 1', () => {
    for (const size of ['00', '042', '+42', '-1', ' 42', '42 ', '4e3', '0x10', '', '9007199254740992']) {
      assert.throws(() => parseCheckpoint(`o\n${size}\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n`), { code: 'MALFORMED_CHECKPOINT', message: /tree size/ }, size);
    }
  });

  it('rejects a root hash that is not standard padded base64', () => {
    const good = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    for (const hash of [good.slice(0, -1), good.replace('/', '_'), `${good} `, good.replace('C', '!'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=']) {
      assert.throws(() => parseCheckpoint(`o\n1\n${hash}\n`), { code: 'MALFORMED_CHECKPOINT', message: /base64/ }, hash);
    }
  });

  it('rejects a root hash of 31 or 33 bytes', () => {
    for (const length of [31, 33]) {
      const hash = Buffer.alloc(length, 1).toString('base64');
      assert.throws(() => parseCheckpoint(`o\n1\n${hash}\n`), { code: 'MALFORMED_CHECKPOINT', message: new RegExp(`${length} bytes`) });
    }
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(31) }), { code: 'MALFORMED_CHECKPOINT' });
  });

  it('rejects a missing final newline, missing lines, an empty origin and empty extension lines', () => {
    assert.throws(() => parseCheckpoint(SPEC_EXAMPLE.slice(0, -1)), { message: /newline/ });
    assert.throws(() => parseCheckpoint('o\n1\n'), { message: /at least 3 lines/ });
    assert.throws(() => parseCheckpoint(`\n1\n${Buffer.from(ROOT).toString('base64')}\n`), { message: /origin is empty/ });
    assert.throws(() => parseCheckpoint(`${SPEC_EXAMPLE}\n`), { message: /extension line 1 is empty/ });
    assert.throws(() => parseCheckpoint(`${SPEC_EXAMPLE}ext\n\n`), { message: /extension line 2 is empty/ });
  });

  it('refuses to format what could not be parsed back', () => {
    assert.throws(() => formatCheckpoint({ origin: 'two\nlines', size: 1, rootHash: ROOT }), { code: 'MALFORMED_CHECKPOINT' });
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, rootHash: ROOT }), { code: 'MALFORMED_CHECKPOINT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: ROOT }), { code: 'MALFORMED_CHECKPOINT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: ROOT }), { code: 'MALFORMED_CHECKPOINT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: ROOT, extensions: [''] }), { code: 'MALFORMED_CHECKPOINT' });
  });
});
