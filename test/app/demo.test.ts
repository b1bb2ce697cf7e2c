/** The demo dataset loads through the use cases on both databases and shows every status. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../src/app/users/credentials.ts';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { listPstiListings } from '../../src/app/recognition/psti-listings.ts';
import { LABEL_STATUSES } from '../../src/domain/label-status.ts';
import { isDatabaseEmpty, seedDemo, type DemoLogin } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: demo dataset`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let logins: DemoLogin[];
    before(async () => {
      t = await startTestApp(dialect);
      assert.equal(await isDatabaseEmpty(t.ctx), true);
      logins = await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    const count = async (table: 'vendors' | 'products' | 'label_model_numbers' | 'product_model_numbers') =>
      Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    it('has about 10 vendors, 40 products (and 3 cameras on the example ★2/★3 criteria) and 300 model numbers', async () => {
      assert.equal(await count('vendors'), 10);
      assert.equal(await count('products'), 43);
      const models = await count('product_model_numbers');
      assert.ok(models >= 280 && models <= 320, `${models} model numbers`);
      assert.equal(await isDatabaseEmpty(t.ctx), false);
    });

    it('has labels in every status and applications waiting at each review step', async () => {
      for (const status of LABEL_STATUSES) {
        const { total } = await listPublicLabels(t.ctx, { status });
        assert.ok(total >= 2, `${status}: ${total}`);
      }
      const states = await t.ctx.db.selectFrom('applications').select('status').distinct().execute();
      assert.deepEqual(states.map((s) => s.status).sort(), ['accepted', 'draft', 'issued', 'rejected', 'returned', 'submitted']);
    });

    it('marks every vendor as demo and gives registration serials in issue order', async () => {
      const vendors = await t.ctx.db.selectFrom('vendors').select(['name_en', 'name_ja', 'is_demo']).execute();
      for (const v of vendors) {
        assert.equal(v.is_demo, 1);
        assert.match(v.name_en, /\(demo\)$/);
        assert.match(v.name_ja, /（デモ）$/);
      }
      const labels = await t.ctx.db.selectFrom('labels').select(['registration_number', 'issued_at']).orderBy('registration_number').execute();
      for (const year of ['2025', '2026']) {
        const ofYear = labels.filter((l) => l.registration_number.startsWith(`JS1-${year}-`));
        const sorted = [...ofYear].sort((a, b) => a.issued_at.localeCompare(b.issued_at));
        assert.deepEqual(ofYear, sorted, `serials of ${year} follow issue order`);
      }
    });

    it('prints log-ins that work for an operator and a vendor', async () => {
      assert.deepEqual(logins.map((l) => l.role), ['operator_admin', 'reviewer', 'vendor_admin', 'evaluator']);
      for (const login of logins) assert.equal((await verifyPassword(t.ctx, login.email, login.password)).email, login.email);
    });

    it('lists the UK-selling products on the PSTI-declared list and has a PSTI-route draft', async () => {
      const listings = await listPstiListings(t.ctx);
      assert.equal(listings.length, 4);
      for (const l of listings) assert.equal(l.labelStatus, 'valid');
      const psti = await t.ctx.db.selectFrom('applications').select('status').where('route', '=', 'psti').execute();
      assert.deepEqual(psti.map((a) => a.status), ['draft']);
    });

    it('wrote an audit event for every label event', async () => {
      const events = Number((await t.ctx.db.selectFrom('label_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const audits = Number(
        (await t.ctx.db.selectFrom('audit_events').where('action', 'like', 'label.%').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      );
      assert.equal(audits, events);
    });
  });
}
