/**
 * Cached lists never outlive a label's expiry, though the next expiry is remembered between
 * builds (src/web/cached-list.ts): a status derived from time shows the instant it changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) describe(`cached lists at a label's expiry (${dialect.name})`, { skip: dialect.skip }, () => {
  let t: TestApp;
  let p: Parties;
  const list = async (query: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/labels?${query}` })).json();

  before(async () => {
    t = await startTestApp(dialect);
    p = await createParties(t);
  });
  after(async () => t?.close());

  it('turns "valid" into "expired" when the first label expires, then again at the next one', async () => {
    const first = await issueLabelThroughApi(t, p, {}, { validUntil: '2027-01-31T15:00:00.000Z' });
    const second = await issueLabelThroughApi(t, p, { modelNumbers: ['EXP-2'] }, { validUntil: '2027-03-31T15:00:00.000Z' });
    const expiresAt = async (rn: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/labels/${rn}` })).json().expiresAt as string;
    const firstEnds = new Date(await expiresAt(first.registrationNumber)).getTime();
    const secondEnds = new Date(await expiresAt(second.registrationNumber)).getTime();
    assert.ok(firstEnds < secondEnds);

    assert.equal((await list('status=valid')).total, 2);
    t.clock.set(new Date(firstEnds - 1000));
    assert.equal((await list('status=valid')).total, 2, 'cached a second before the expiry');
    assert.equal((await list('level=1')).total, 2, 'another list built with the remembered expiry');
    t.clock.set(new Date(firstEnds + 1000));
    assert.equal((await list('status=valid')).total, 1, 'the first expiry ends the cached list');
    assert.equal((await list('status=expired')).items[0].registrationNumber, first.registrationNumber);
    // Past that expiry the lists are cached again: a change made behind the cache's back (no new
    // public version) stays unseen until the next expiry.
    await t.ctx.db.updateTable('products').set({ name_en: 'Changed behind the cache' }).where('id', '=', second.productId).execute();
    assert.notEqual((await list('status=valid')).items[0].product.name.en, 'Changed behind the cache');
    t.clock.set(new Date(secondEnds - 1000));
    assert.equal((await list('status=valid')).total, 1);
    t.clock.set(new Date(secondEnds + 1000));
    assert.equal((await list('status=valid')).total, 0, 'the expiry after it is read anew once the first has passed');
    // A label issued later (a new public version) brings its own, nearer expiry.
    const third = await issueLabelThroughApi(t, p, { modelNumbers: ['EXP-3'] }, { validUntil: new Date(secondEnds + 31_000).toISOString() });
    assert.equal((await list('status=valid')).items[0].registrationNumber, third.registrationNumber);
    t.clock.set(new Date(secondEnds + 32_000));
    assert.equal((await list('status=valid')).total, 0, 'within the minute a list may be cached, but not past that expiry');
  });
});
