/**
 * The demo's ★2–★4 part on both databases: a fictional evaluation body with a working evaluator
 * log-in, a ★2 and a ★3 label on the example catalogue (said to be an example), and one ★3
 * application the body is evaluating now.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPublicLabel } from '../../src/app/labels/public-label.ts';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { listAssignedApplications } from '../../src/app/evaluation/get-evaluation.ts';
import { verifyPassword } from '../../src/app/users/credentials.ts';
import { actorOf } from '../../src/app/users/user-view.ts';
import { seedDemo, type DemoLogin } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: demo evaluation data`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let logins: DemoLogin[];
    before(async () => {
      t = await startTestApp(dialect);
      logins = await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    it('has a ★2 and a ★3 label on the example criteria, the ★3 one naming the demo body', async () => {
      for (const level of [2, 3]) {
        const { items } = await listPublicLabels(t.ctx, { level, status: 'valid' });
        assert.equal(items.length, 1, `★${level}`);
        const label = await getPublicLabel(t.ctx, items[0]!.registrationNumber);
        assert.equal(label.criteria.example, true);
        assert.equal(label.criteria.category, 'network-camera');
        if (level === 3) assert.match(label.evaluation?.body.name.en ?? '', /\(demo\)$/);
        else assert.equal(label.evaluation, null);
      }
    });

    it('prints an evaluator log-in that sees the body’s applications, one of them in evaluation', async () => {
      const login = logins.find((l) => l.role === 'evaluator');
      assert.ok(login);
      const user = await verifyPassword(t.ctx, login.email, login.password);
      const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      const assigned = await listAssignedApplications(t.ctx, actorOf(row));
      assert.deepEqual(assigned.map((a) => [a.level, a.status, a.reportStatus]).sort(), [[3, 'issued', 'signed_off'], [3, 'submitted', 'open']]);
    });
  });
}
