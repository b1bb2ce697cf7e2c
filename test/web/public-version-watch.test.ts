/**
 * PostgreSQL servers keep the public version by LISTEN/NOTIFY instead of reading it on every
 * request. A change must still show: at once in the process that made it, as soon as the
 * notification arrives in another, and at once while the listening connection is down.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { bootstrap, type Runtime } from '../../src/bootstrap.ts';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { bumpPublicVersion, publicVersion, readPublicVersion } from '../../src/app/public-version.ts';
import { updateProduct } from '../../src/app/products/update-product.ts';
import { postgres, sqlite } from '../helpers/databases.ts';
import { BASE_URL, CATALOG_DIR, LOG_ORIGIN, startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';

async function waitFor(what: string, test: () => boolean | Promise<boolean>, ms = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await test())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

describe('public version kept by LISTEN/NOTIFY (PostgreSQL)', { skip: postgres.skip }, () => {
  let t: TestApp;
  let p: Parties;
  let other: Runtime;
  let otherKeys: string;
  let rn: string;
  let productId: string;
  const nameOf = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/labels/${rn}` })).json().product.name.en as string;
  const watch = () => t.ctx.publicVersionWatch!;

  before(async () => {
    t = await startTestApp(postgres);
    p = await createParties(t);
    ({ registrationNumber: rn, productId } = await issueLabelThroughApi(t, p));
    // A second runtime on the same database stands for another server process or the CLI.
    otherKeys = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-keys-'));
    other = await bootstrap({ databaseUrl: t.databaseUrl, catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir: otherKeys, logOrigin: LOG_ORIGIN });
  });
  after(async () => {
    await other?.close();
    await t?.close();
    fs.rmSync(otherKeys, { recursive: true, force: true });
  });

  it('holds the current version once it listens', async () => {
    assert.ok(t.ctx.publicVersionWatch, 'servers on PostgreSQL watch');
    assert.equal(other.ctx.publicVersionWatch, undefined, 'short-lived runtimes do not');
    await waitFor('the watch to listen', () => watch().known() !== undefined);
    assert.equal(watch().known(), await readPublicVersion(t.ctx.db));
  });

  it("shows this process's own change on the very next request", async () => {
    for (let i = 0; i < 20; i++) {
      assert.equal(await nameOf(), i === 0 ? 'Wi-Fi 6 Home Router' : `Router ${i - 1}`);
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${productId}`, headers: p.vendorA.auth, payload: { nameEn: `Router ${i}` } });
      assert.equal(res.statusCode, 200);
      assert.equal(await nameOf(), `Router ${i}`, 'no stale cache hit between commit and notification');
    }
  });

  it("shows another process's change when its notification arrives", async () => {
    await waitFor('the watch to catch up', () => watch().known() !== undefined);
    assert.equal(await nameOf(), 'Router 19');
    await updateProduct(other.ctx, SYSTEM_ACTOR, productId, { nameEn: 'Renamed Elsewhere' });
    await waitFor('the change to show', async () => (await nameOf()) === 'Renamed Elsewhere', 2_000);
    assert.equal(watch().known(), await readPublicVersion(t.ctx.db));
  });

  it('reads the database while the listening connection is down, then listens again', async () => {
    await waitFor('the watch to listen', () => watch().known() !== undefined);
    const admin = new pg.Client({ connectionString: t.databaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'hoshi public-version watch' and datname = current_database()",
      );
      assert.equal(killed.rowCount, 1);
    } finally {
      await admin.end();
    }
    await waitFor('the watch to notice', () => watch().known() === undefined);
    await updateProduct(other.ctx, SYSTEM_ACTOR, productId, { nameEn: 'Renamed While Deaf' });
    assert.equal(await nameOf(), 'Renamed While Deaf', 'visible at once: the request read the counter');
    await waitFor('the watch to reconnect', () => watch().known() !== undefined);
    assert.equal(watch().known(), await readPublicVersion(t.ctx.db));
  });
});

describe('public version read directly (SQLite)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
  });
  after(async () => t?.close());

  it('never answers an uncommitted bump, so a rolled-back change cannot key a cache entry', async () => {
    const watch = t.ctx.publicVersionWatch!;
    const committed = watch.known();
    assert.equal(committed, await readPublicVersion(t.ctx.db));
    let during: Promise<number> | undefined;
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await bumpPublicVersion(t.ctx, trx);
        assert.equal(watch.known(), undefined, 'inside the open transaction: ask the database');
        // A request arriving now waits for the transaction to end.
        during = publicVersion(t.ctx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await during, committed, 'it sees what was committed');
    assert.equal(watch.known(), committed);
  });
});
