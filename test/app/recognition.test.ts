/**
 * UK PSTI recognition of ★1 labels at a date, on both databases: current labels count, the day
 * after expiry or right after a suspension they do not, and nothing counts before the
 * arrangement took effect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: UK PSTI recognition at a date`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let rn: string;
    const api = (method: string, url: string, auth?: object, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });
    const check = async (at: string) => (await api('GET', `/api/v1/labels/${rn}/recognitions/uk-psti?at=${at}`)).json();

    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      rn = (await issueLabelThroughApi(t, p)).registrationNumber;
    });
    after(async () => t?.close());

    it('counts a current ★1 label, naming the legal basis and the three requirements', async () => {
      const today = await check('2026-11-25');
      assert.equal(today.recognised, true, today.reasons.join(' '));
      assert.equal(today.rule.id, 'jc-star-1-to-uk-psti');
      assert.match(today.rule.legalBasis, /SI 2025\/1267/);
      assert.deepEqual(today.rule.requirementsMet.map((r: { id: string }) => r.id), ['PSTI-1', 'PSTI-2', 'PSTI-3']);
    });

    it('does not count it the day after expiry', async () => {
      const expiresAt = (await api('GET', `/api/v1/labels/${rn}`)).json().expiresAt as string;
      const dayAfter = new Date(Date.parse(expiresAt) + 86_400_000).toISOString();
      const answer = await check(dayAfter);
      assert.equal(answer.recognised, false);
      assert.equal(answer.label.status, 'expired');
      assert.match(answer.reasons.join(' '), /expired/);
    });

    it('does not count it before the label was issued or while nothing was in force', async () => {
      const answer = await check('2025-11-01');
      assert.equal(answer.recognised, false);
      assert.match(answer.reasons.join(' '), /No recognition arrangement was in force/);
    });

    it('does not count it right after a suspension, and counts it again once reinstated', async () => {
      await api('POST', `/api/v1/labels/${rn}/suspend`, p.reviewer.auth, { reason: 'inquiry' });
      const suspended = await check(t.clock.now().toISOString());
      assert.equal(suspended.recognised, false);
      assert.match(suspended.reasons.join(' '), /suspended/);
      t.clock.advanceDays(1);
      await api('POST', `/api/v1/labels/${rn}/reinstate`, p.reviewer.auth, { reason: 'closed' });
      assert.equal((await check(t.clock.now().toISOString())).recognised, true);
    });

    it('refuses unknown schemes and malformed dates', async () => {
      assert.equal((await api('GET', `/api/v1/labels/${rn}/recognitions/eu-cra`)).statusCode, 404);
      assert.equal((await api('GET', `/api/v1/labels/${rn}/recognitions/uk-psti?at=yesterday`)).statusCode, 400);
    });
  });
}
