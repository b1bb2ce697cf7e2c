/**
 * Teams on SQLite and PostgreSQL, through the pages: a vendor admin invites a colleague, the
 * invitation e-mail arrives through a real SMTP server, the invitee sets a name and password and
 * logs in with the invited role in the right organisation. Role changes and disabling keep at
 * least one administrator, disabling ends the member's sessions, and another vendor's admin can
 * neither see nor change the team (404). Operator admins run the operator team the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html, text } from '../pages/helpers.ts';
import { local, Mailbox, WebClient } from './web-client.ts';

const INVITEE_PASSWORD = 'invited colleague passphrase';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: team pages and invitations`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    const mailbox = new Mailbox();
    let adminA: WebClient;
    let adminB: WebClient;

    before(async () => {
      t = await startTestApp(dialect);
      await mailbox.start(t);
      p = await createParties(t);
      adminA = new WebClient(t);
      adminB = new WebClient(t, { lang: 'en' });
      assert.equal((await adminA.logIn(p.vendorA.email, PASSWORD)).statusCode, 303);
      assert.equal((await adminB.logIn(p.vendorB.email, PASSWORD)).statusCode, 303);
    });
    after(async () => {
      await mailbox.stop();
      await t?.close();
    });

    const user = (email: string) => t.ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    const summary = (body: string) => text(html(body).querySelector('#error-summary'));

    it('invites a colleague, who sets a name and password through the link and logs in as a member of the vendor', async () => {
      const page = await adminA.get('/portal/team');
      assert.equal(page.statusCode, 200);
      const listed = html(page.body).querySelectorAll('.team-member strong').map((e) => e.textContent);
      assert.deepEqual(listed.sort(), [p.memberA.email, p.vendorA.email].sort());

      const invited = await adminA.submitFrom(page, { email: 'New.Colleague@a.test', role: 'vendor_member' }, '/portal/team/invitations');
      assert.equal(invited.statusCode, 303);
      assert.equal(invited.headers.location, '/portal/team?done=invited');
      const after = await adminA.get('/portal/team?done=invited');
      assert.match(text(html(after.body).querySelector('[role=status]')), /招待メールを送りました/);
      assert.match(text(html(after.body).querySelectorAll('section')[1]), /new\.colleague@a\.test/);

      const mails = await mailbox.to(t, 'new.colleague@a.test');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.parsed.text ?? '', /株式会社エー電機/);
      assert.match(mails[0]!.parsed.text ?? '', /メンバー/);
      const link = await mailbox.link(t, 'new.colleague@a.test', '/invitations/accept');
      assert.match(link.searchParams.get('token')!, /^hin_/);

      const invitee = new WebClient(t);
      const form = await invitee.get(local(link));
      assert.equal(form.statusCode, 200);
      assert.match(text(html(form.body).querySelector('main p')), /株式会社エー電機/);
      const short = await invitee.submitFrom(form, { displayName: '', password: 'short' });
      assert.equal(short.statusCode, 400);
      assert.match(summary(short.body), /氏名: 入力してください/);
      assert.equal(await user('new.colleague@a.test'), undefined, 'nothing created by a refused form');

      const created = await invitee.submitFrom(form, { displayName: '新しい同僚', password: INVITEE_PASSWORD });
      assert.equal(created.statusCode, 200, created.body);
      const row = (await user('new.colleague@a.test'))!;
      assert.deepEqual([row.role, row.vendor_id, row.display_name], ['vendor_member', p.vendorA.vendorId, '新しい同僚']);
      const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('actor_id', '=', row.id).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['invitation.accepted', 'user.created']);

      const login = await invitee.logIn('new.colleague@a.test', INVITEE_PASSWORD);
      assert.equal(login.statusCode, 303, 'created already verified');
      assert.equal(login.headers.location, '/portal');
      assert.equal((await invitee.get(local(link))).statusCode, 404, 'the invitation works once');
      assert.equal((await invitee.get('/portal/team')).statusCode, 403, 'a member does not manage the team');
    });

    it("keeps vendor A's team hidden from vendor B's admin: not listed, and every action answers 404", async () => {
      const page = await adminB.get('/portal/team');
      assert.equal(page.statusCode, 200);
      const listed = html(page.body).querySelectorAll('.team-member strong').map((e) => e.textContent);
      assert.deepEqual(listed, [p.vendorB.email]);
      assert.doesNotMatch(page.body, /a\.test/);

      const before = await user(p.memberA.email);
      const csrf = html(page.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
      for (const [url, fields] of [
        [`/portal/team/users/${p.memberA.userId}/role`, { role: 'vendor_admin' }],
        [`/portal/team/users/${p.memberA.userId}/disable`, {}],
        [`/console/team/users/${p.memberA.userId}/disable`, {}],
      ] as const) {
        const res = await adminB.post(url, { _csrf: csrf, ...fields });
        assert.equal(res.statusCode, 404, url);
      }
      assert.deepEqual(await user(p.memberA.email), before, 'nothing changed');

      const pending = await t.ctx.db.selectFrom('invitations').select('id').where('vendor_id', '=', p.vendorA.vendorId).executeTakeFirstOrThrow();
      assert.equal((await adminB.post(`/portal/team/invitations/${pending.id}/revoke`, { _csrf: csrf })).statusCode, 404);
    });

    it('changes roles, keeps the last administrator, and ends the sessions of a disabled member', async () => {
      const memberSession = new WebClient(t);
      assert.equal((await memberSession.logIn(p.memberA.email, PASSWORD)).statusCode, 303);
      const me = () => t.app.inject({ url: '/api/v1/me', headers: { cookie: memberSession.cookieHeader } });
      assert.equal((await me()).statusCode, 200);

      // The only admin cannot step down or be disabled.
      const page = await adminA.get('/portal/team');
      const stepDown = await adminA.submitFrom(page, { role: 'vendor_member' }, `/portal/team/users/${p.vendorA.userId}/role`);
      assert.equal(stepDown.statusCode, 409);
      assert.match(summary(stepDown.body), /最後|last/i);
      assert.equal((await user(p.vendorA.email))!.role, 'vendor_admin');

      // Promote the member; now the first admin may step down, and be made admin again by them.
      const promoted = await adminA.submitFrom(await adminA.get('/portal/team'), { role: 'vendor_admin' }, `/portal/team/users/${p.memberA.userId}/role`);
      assert.equal(promoted.statusCode, 303);
      assert.equal((await user(p.memberA.email))!.role, 'vendor_admin');
      const audit = await t.ctx.db.selectFrom('audit_events').select(['before_json', 'after_json']).where('action', '=', 'user.role_changed').where('entity_id', '=', p.memberA.userId).executeTakeFirstOrThrow();
      assert.deepEqual([JSON.parse(audit.before_json!), JSON.parse(audit.after_json!)], [{ role: 'vendor_member' }, { role: 'vendor_admin' }]);
      const back = await adminA.submitFrom(await adminA.get('/portal/team'), { role: 'vendor_member' }, `/portal/team/users/${p.memberA.userId}/role`);
      assert.equal(back.statusCode, 303);

      const refused = await adminA.submitFrom(await adminA.get('/portal/team'), { role: 'operator_admin' }, `/portal/team/users/${p.memberA.userId}/role`);
      assert.equal(refused.statusCode, 400, 'only the team’s roles');
      assert.equal((await user(p.memberA.email))!.role, 'vendor_member');

      const disabled = await adminA.submitFrom(await adminA.get('/portal/team'), {}, `/portal/team/users/${p.memberA.userId}/disable`);
      assert.equal(disabled.statusCode, 303);
      assert.ok((await user(p.memberA.email))!.disabled_at);
      assert.equal((await me()).statusCode, 401, 'the session is ended');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: p.memberA.auth })).statusCode, 401, 'and the API token stops working');
      assert.equal((await new WebClient(t).logIn(p.memberA.email, PASSWORD)).statusCode, 401);

      const enabled = await adminA.submitFrom(await adminA.get('/portal/team'), {}, `/portal/team/users/${p.memberA.userId}/enable`);
      assert.equal(enabled.statusCode, 303);
      assert.equal((await new WebClient(t).logIn(p.memberA.email, PASSWORD)).statusCode, 303);
    });

    it('refuses to invite an address that has an account, and replaces a pending invitation when inviting again', async () => {
      const taken = await adminA.submitFrom(await adminA.get('/portal/team'), { email: p.vendorB.email, role: 'vendor_member' }, '/portal/team/invitations');
      assert.equal(taken.statusCode, 409);
      assert.equal(html(taken.body).querySelector('#email')!.getAttribute('value'), p.vendorB.email);
      for (let i = 0; i < 2; i++) {
        const res = await adminA.submitFrom(await adminA.get('/portal/team'), { email: 'twice@a.test', role: 'vendor_admin' }, '/portal/team/invitations');
        assert.equal(res.statusCode, 303);
      }
      const links = (await mailbox.to(t, 'twice@a.test')).map((m) => /\/invitations\/accept\?token=\S+/.exec(m.parsed.text ?? '')![0]);
      assert.equal(links.length, 2);
      assert.equal((await new WebClient(t).get(links[0]!)).statusCode, 404, 'the first link no longer works');
      assert.equal((await new WebClient(t).get(links[1]!)).statusCode, 200);
    });

    it('lets the operator admin run the operator team at /console/team, and sends each admin to their own team', async () => {
      const operator = new WebClient(t, { lang: 'en' });
      assert.equal((await operator.logIn(p.admin.email, PASSWORD)).statusCode, 303);
      const wrongArea = await operator.get('/portal/team');
      assert.equal(wrongArea.statusCode, 303);
      assert.equal(wrongArea.headers.location, '/console/team');
      assert.equal((await adminA.get('/console/team')).headers.location, '/portal/team');

      const page = await operator.get('/console/team');
      assert.equal(page.statusCode, 200);
      const listed = html(page.body).querySelectorAll('.team-member strong').map((e) => e.textContent);
      assert.deepEqual(listed.sort(), [p.admin.email, p.reviewer.email].sort());
      const options = html(page.body).querySelectorAll('#invite-role option').map((o) => o.getAttribute('value'));
      assert.deepEqual(options, ['reviewer', 'operator_admin']);

      const invited = await operator.submitFrom(page, { email: 'second.reviewer@op.test', role: 'reviewer' }, '/console/team/invitations');
      assert.equal(invited.statusCode, 303);
      assert.equal(invited.headers.location, '/console/team?done=invited');
      const mails = await mailbox.to(t, 'second.reviewer@op.test');
      assert.match(mails[0]!.parsed.text ?? '', /operator team/);
      const link = await mailbox.link(t, 'second.reviewer@op.test', '/invitations/accept');
      const invitee = new WebClient(t);
      await invitee.submit(local(link), { displayName: 'Second Reviewer', password: INVITEE_PASSWORD });
      const row = (await user('second.reviewer@op.test'))!;
      assert.deepEqual([row.role, row.vendor_id], ['reviewer', null]);
      assert.equal((await invitee.logIn('second.reviewer@op.test', INVITEE_PASSWORD)).headers.location, '/console');

      const vendorRole = await operator.submitFrom(await operator.get('/console/team'), { email: 'x@op.test', role: 'vendor_admin' }, '/console/team/invitations');
      assert.equal(vendorRole.statusCode, 400);
      assert.match(summary(vendorRole.body), /Role: must be one of reviewer, operator_admin/);
      const selfDemote = await operator.submitFrom(await operator.get('/console/team'), { role: 'reviewer' }, `/console/team/users/${p.admin.userId}/role`);
      assert.equal(selfDemote.statusCode, 409, 'the last operator admin stays');
    });
  });
}
