/** docs/errors.md documents exactly the codes of the error catalogue, with the same statuses. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CATALOGUE } from '../../src/domain/errors.ts';

describe('docs/errors.md', () => {
  it('lists every error code with its HTTP status, and no other', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    const expected = Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status]);
    assert.deepEqual(new Map(rows as [string, number][]), new Map(expected as [string, number][]));
    assert.equal(rows.length, expected.length, 'no duplicate rows');
  });
});
