/**
 * Category criteria and naming the evaluation body, through the API on SQLite and PostgreSQL: a
 * ★2 application answers the ★1 items and the category's own; ★3/★4 applications name a body,
 * and a body outside its accreditation scope or period is refused with a clear message, leaving
 * nothing behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { apiOf, createBodies, createCamera, type Api, type Bodies } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: category criteria and evaluation-body assignment`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let bodies: Bodies;
    let api: Api;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      bodies = await createBodies(t, p);
      api = apiOf(t);
    });
    after(async () => t?.close());

    const applicationCount = async () => Number((await t.ctx.db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    it('makes a ★2 application answer the ★1 checklist and the category items, and marks the example criteria', async () => {
      const productId = await createCamera(t, p);
      const created = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 2 });
      assert.equal(created.statusCode, 201, created.body);
      const app = created.json();
      assert.equal(app.criteria, 'EXAMPLE-NWC-02');
      assert.deepEqual(
        { category: app.criteriaDocument.category, example: app.criteriaDocument.example },
        { category: 'network-camera', example: true },
      );
      assert.match(app.criteriaDocument.title.en, /^Example — not JC-STAR criteria/);
      assert.match(app.criteriaDocument.title.ja, /^例示（JC-STAR の基準ではありません）/);
      assert.equal(app.evaluation, null, 'self-declared: no evaluation');

      // Only the ★1 answers: submission names every item the category adds.
      const star1 = demoChecklist(t.ctx, 'JST-CR-01-01-2024R1');
      assert.equal((await api('PATCH', `/api/v1/applications/${app.id}`, p.vendorA.auth, { checklist: star1 })).statusCode, 200);
      const refused = await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth);
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().code, 'CHECKLIST_INCOMPLETE');
      const categoryItems = t.ctx.catalog.criteria.get('EXAMPLE-NWC-02')!.requirements.filter((r) => r.origin.level === 2).flatMap((r) => r.items.map((i) => `/checklist/${i.id}`));
      assert.deepEqual(refused.json().errors.map((e: { pointer: string }) => e.pointer).sort(), categoryItems.sort());
      assert.ok(categoryItems.length >= 4);

      // The full cumulative checklist submits.
      const full = demoChecklist(t.ctx, 'EXAMPLE-NWC-02');
      assert.equal(full.length, star1.length + categoryItems.length);
      assert.equal((await api('PATCH', `/api/v1/applications/${app.id}`, p.vendorA.auth, { checklist: full })).statusCode, 200);
      const submitted = await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth);
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal(submitted.json().status, 'submitted');
    });

    it('has no ★2 criteria for a category without a catalogue', async () => {
      const product = await api('POST', '/api/v1/products', p.vendorA.auth, { ...PRODUCT, modelNumbers: ['RT-X1'] });
      const res = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: product.json().id, level: 2 });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'CRITERIA_NOT_AVAILABLE');
      assert.match(res.json().detail, /level 2 and category router/);
    });

    it('requires a body for ★3/★4 and refuses one for ★1/★2', async () => {
      const productId = await createCamera(t, p);
      const before = await applicationCount();
      const missing = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 3 });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().errors.map((e: { pointer: string }) => e.pointer), ['/evaluationBodyId']);
      const selfDeclared = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 2, evaluationBodyId: bodies.x.id });
      assert.equal(selfDeclared.statusCode, 400);
      assert.match(selfDeclared.json().errors[0].detail, /self-declared/);
      assert.equal(await applicationCount(), before, 'nothing written');
    });

    it('refuses a body outside its accreditation scope, naming body, category, level and scope', async () => {
      const productId = await createCamera(t, p);
      const before = await applicationCount();
      const res = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 4, evaluationBodyId: bodies.y.id });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'EVALUATION_BODY_NOT_ACCREDITED');
      assert.equal(res.json().detail, 'Tohoku Test Lab (ASNITE 0922 T) is not accredited for network-camera ★4 (its scope: network-camera ★3)');
      assert.equal(await applicationCount(), before, 'nothing written');
      const accepted = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 4, evaluationBodyId: bodies.x.id });
      assert.equal(accepted.statusCode, 201, accepted.body);
      assert.equal(accepted.json().evaluation.body.name.en, 'Kanto Test Lab');
      assert.equal(accepted.json().evaluation.reportStatus, 'not_started');
    });

    it('refuses a body past its accreditation date, also when changing the body of a draft', async () => {
      const productId = await createCamera(t, p);
      const draft = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 3, evaluationBodyId: bodies.x.id });
      assert.equal(draft.statusCode, 201);
      t.clock.set('2027-01-05T03:00:00.000Z');
      try {
        const other = await createCamera(t, p);
        const before = await applicationCount();
        const res = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: other, level: 3, evaluationBodyId: bodies.y.id });
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'EVALUATION_BODY_NOT_ACCREDITED');
        assert.equal(res.json().detail, 'Tohoku Test Lab (ASNITE 0922 T): its accreditation ended on 2026-12-31');
        assert.equal(await applicationCount(), before);
        const patch = await api('PATCH', `/api/v1/applications/${draft.json().id}`, p.vendorA.auth, { evaluationBodyId: bodies.y.id });
        assert.equal(patch.statusCode, 422);
        assert.equal(patch.json().code, 'EVALUATION_BODY_NOT_ACCREDITED');
        const unchanged = await api('GET', `/api/v1/applications/${draft.json().id}`, p.vendorA.auth);
        assert.equal(unchanged.json().evaluation.body.id, bodies.x.id);
        assert.equal(unchanged.json().version, draft.json().version);
      } finally {
        t.clock.set('2026-11-25T03:00:00.000Z');
      }
    });

    it('refuses to submit a ★3 application whose body lost its accreditation, or whose product left the category', async () => {
      const productId = await createCamera(t, p);
      const created = (await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 3, evaluationBodyId: bodies.y.id })).json();
      assert.equal((await api('PATCH', `/api/v1/applications/${created.id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, created.criteria) })).statusCode, 200);
      assert.equal((await api('PATCH', `/api/v1/products/${productId}`, p.vendorA.auth, { category: 'router' })).statusCode, 200);
      t.clock.set('2027-01-05T03:00:00.000Z');
      try {
        const res = await api('POST', `/api/v1/applications/${created.id}/submit`, p.vendorA.auth);
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'CHECKLIST_INCOMPLETE');
        assert.deepEqual(res.json().errors, [
          { pointer: '/product/category', detail: 'the criteria EXAMPLE-NWC-03 are for network-camera, but the product is now router' },
          { pointer: '/evaluationBodyId', detail: 'Tohoku Test Lab (ASNITE 0922 T): its accreditation ended on 2026-12-31' },
        ]);
        assert.equal((await api('GET', `/api/v1/applications/${created.id}`, p.vendorA.auth)).json().status, 'draft');
      } finally {
        t.clock.set('2026-11-25T03:00:00.000Z');
      }
    });

    it('lets an operator admin register bodies and evaluators, and lists the bodies publicly', async () => {
      const list = await api('GET', '/api/v1/evaluation-bodies', undefined);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().map((b: { name: { en: string } }) => b.name.en), ['Kanto Test Lab', 'Tohoku Test Lab']);
      assert.deepEqual(list.json()[0].scope, [{ category: 'network-camera', level: 3 }, { category: 'network-camera', level: 4 }]);
      const byReviewer = await api('POST', '/api/v1/evaluation-bodies', p.reviewer.auth, {});
      assert.equal(byReviewer.statusCode, 403);
      const badScope = await api('POST', '/api/v1/evaluation-bodies', p.admin.auth, {
        nameJa: '試験所', nameEn: 'Lab', accreditationNumber: 'ASNITE 0999 T', accreditedFrom: '2026-03-01', accreditedUntil: '2026-02-01',
        scope: [{ category: 'toaster', level: 3 }, { category: 'router', level: 2 }],
      });
      assert.equal(badScope.statusCode, 400);
      assert.deepEqual(badScope.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/accreditedUntil', '/scope/0/category', '/scope/1/level']);
      const evaluatorWithoutBody = await api('POST', '/api/v1/users', p.admin.auth, { email: 'e@x.test', displayName: 'E', password: 'correct horse battery staple', role: 'evaluator' });
      assert.equal(evaluatorWithoutBody.statusCode, 400);
      assert.deepEqual(evaluatorWithoutBody.json().errors.map((e: { pointer: string }) => e.pointer), ['/evaluationBodyId']);
    });
  });
}
