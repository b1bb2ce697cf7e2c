/**
 * Concurrent issuance on one database: registration numbers stay unique and gap-free, and every
 * label gets exactly one audit event. On PostgreSQL the writers really run in parallel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApplication } from '../../src/app/applications/create-application.ts';
import { acceptApplication, recordPayment } from '../../src/app/applications/review-application.ts';
import { submitApplication } from '../../src/app/applications/submit-application.ts';
import { updateApplication } from '../../src/app/applications/update-application.ts';
import { changeLabelStatus } from '../../src/app/labels/change-label-status.ts';
import { issueLabel } from '../../src/app/labels/issue-label.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { parseRegistrationNumber } from '../../src/domain/registration-number.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';

const N = 12;

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: concurrent issuance`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
    });
    after(async () => t?.close());

    it(`issues ${N} labels at once with unique, gap-free registration numbers`, async () => {
      const vendor = { userId: p.vendorA.userId, role: 'vendor_admin' as const, vendorId: p.vendorA.vendorId };
      const reviewer = { userId: p.reviewer.userId, role: 'reviewer' as const, vendorId: null };
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const product = await createProduct(t.ctx, vendor, { ...PRODUCT, modelNumbers: [`CC-${i}`] });
        const app = await createApplication(t.ctx, vendor, { productId: product.id, level: 1, route: 'standard' });
        await updateApplication(t.ctx, vendor, app.id, { checklist: demoChecklist(t.ctx, app.criteria) });
        await submitApplication(t.ctx, vendor, app.id);
        await acceptApplication(t.ctx, reviewer, app.id);
        await recordPayment(t.ctx, reviewer, app.id, { reference: `P-${i}` });
        ids.push(app.id);
      }
      const issued = await Promise.all(ids.map((id) => issueLabel(t.ctx, reviewer, id)));
      const serials = issued.map((a) => parseRegistrationNumber(a.registrationNumber!)!.serial).sort((a, b) => a - b);
      assert.deepEqual(serials, Array.from({ length: N }, (_, i) => i + 1));

      // Concurrent, conflicting actions on one label: exactly one suspend wins.
      const rn = issued[0]!.registrationNumber!;
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => changeLabelStatus(t.ctx, reviewer, rn, 'suspend', 'inquiry')));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'LABEL_STATE_CONFLICT');
      const audits = await t.ctx.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', 'in', ['label.issued', 'label.suspended']).execute();
      assert.equal(audits.filter((a) => a.action === 'label.issued').length, N);
      assert.equal(audits.filter((a) => a.action === 'label.suspended').length, 1);
    });
  });
}
