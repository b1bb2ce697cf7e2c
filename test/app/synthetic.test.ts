/** The synthetic registry for benchmarks: deterministic, every status, and a log that verifies. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportTiles } from '../../src/app/transparency/export-tiles.ts';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { seedSynthetic } from '../../src/demo/synthetic.ts';
import { LABEL_STATUSES } from '../../src/domain/label-status.ts';
import { parseRegistrationNumber } from '../../src/domain/registration-number.ts';
import { trustedKeysFromJwks } from '../../src/verify/keys.ts';
import { verifySnapshot } from '../../src/verify/verify-snapshot.ts';
import { directoryTileSource, verifyTiles } from '../../src/verify/verify-tiles.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: synthetic registry`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let result: Awaited<ReturnType<typeof seedSynthetic>>;
    before(async () => {
      t = await startTestApp(dialect);
      result = await seedSynthetic(t.ctx, { labels: 600, modelsPerLabel: 4 });
    });
    after(async () => t?.close());

    it('writes the requested labels and model numbers with every status', async () => {
      assert.equal(result.labels, 600);
      assert.equal(result.modelNumbers, 2400);
      const n = await t.ctx.db.selectFrom('label_model_numbers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 2400);
      for (const status of LABEL_STATUSES) assert.ok((await listPublicLabels(t.ctx, { status })).total > 0, status);
      const rns = await t.ctx.db.selectFrom('labels').select('registration_number').execute();
      assert.ok(rns.every((r) => parseRegistrationNumber(r.registration_number)), 'valid registration numbers');
    });

    it('is found by search and its log, snapshot and statuses verify', async () => {
      assert.ok((await listPublicLabels(t.ctx, { q: 'ホームルーター' })).total > 0);
      const keys = trustedKeysFromJwks((await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).body);
      const snapshot = await verifySnapshot((await t.app.inject({ method: 'GET', url: '/api/v1/snapshot' })).body, keys);
      assert.equal(snapshot.ok, true, snapshot.problems.join('; '));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-syn-tiles-'));
      try {
        await exportTiles(t.ctx, dir);
        const tiles = verifyTiles(directoryTileSource(dir), keys.notes, { snapshot: snapshot.payload! });
        assert.equal(tiles.ok, true, tiles.problems.slice(0, 5).join('; '));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
