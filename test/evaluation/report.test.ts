/**
 * The ★3/★4 route through the API on SQLite and PostgreSQL: an evaluation body sees only the
 * applications assigned to it, records verdicts, uploads a real PDF and signs off; a report with a
 * fail or a gap cannot be signed off; the operator accepts only on a signed-off report and issues;
 * the public label names the body and the date, and says the example criteria are an example.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { apiOf, createBodies, createCamera, evaluateAndSignOff, passEverything, PDF, submittedApplication, type Api, type Bodies } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: third-party evaluation (★3/★4)`, { skip: dialect.skip }, () => {
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

    const reportUrl = (id: string) => `/api/v1/evaluation/applications/${id}/report`;

    it('shows a body only the submitted applications assigned to it; anything else is 404', async () => {
      const mine = await submittedApplication(t, p, 3, bodies.x.id);
      const theirs = await submittedApplication(t, p, 3, bodies.y.id);
      const draft = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: await createCamera(t, p), level: 3, evaluationBodyId: bodies.x.id });
      const unassigned = (await issueLabelThroughApi(t, p)).applicationId;

      const x = bodies.x.evaluator.auth;
      assert.equal((await api('GET', `/api/v1/evaluation/applications/${mine.id}`, x)).statusCode, 200);
      for (const id of [theirs.id, draft.json().id, unassigned]) {
        for (const [method, url, payload] of [
          ['GET', `/api/v1/evaluation/applications/${id}`, undefined],
          ['GET', `/api/v1/evaluation/applications/${id}/report.pdf`, undefined],
          ['PATCH', reportUrl(id), { ics: 'x' }],
          ['POST', `/api/v1/evaluation/applications/${id}/sign-off`, undefined],
        ] as const) {
          const res = await api(method, url, x, payload);
          assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
          assert.equal(res.json().code, 'NOT_FOUND');
        }
      }
      const listed = (await api('GET', '/api/v1/evaluation/applications', x)).json().map((a: { id: string }) => a.id);
      assert.ok(listed.includes(mine.id));
      for (const id of [theirs.id, draft.json().id, unassigned]) assert.ok(!listed.includes(id), id);
      // Vendors and reviewers do not use the evaluator's routes; evaluators not the vendor's.
      assert.equal((await api('GET', `/api/v1/evaluation/applications/${mine.id}`, p.vendorA.auth)).statusCode, 403);
      assert.equal((await api('GET', `/api/v1/evaluation/applications/${mine.id}`, p.reviewer.auth)).statusCode, 403);
      assert.equal((await api('GET', `/api/v1/applications/${mine.id}`, x)).statusCode, 403);
      assert.equal((await api('GET', `/api/v1/applications/${mine.id}/evaluation`, p.vendorB.auth)).statusCode, 404);
    });

    it('refuses to sign off a report with a fail or a gap, naming each, and changes nothing', async () => {
      const app = await submittedApplication(t, p, 3, bodies.x.id);
      const x = bodies.x.evaluator.auth;
      const all = passEverything(t, app.criteria);
      assert.ok(all.length >= 25, `${all.length} test units`);
      const [failed, ...rest] = all;
      const gaps = rest.slice(-2).map((v) => v.unitId);
      const verdicts = [{ ...failed!, verdict: 'fail', evidence: 'Firmware accepted an unsigned image in test T-17.' }, ...rest.slice(0, -2)];
      const saved = await api('PATCH', reportUrl(app.id), x, { verdicts });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().report.status, 'open');

      const refused = await api('POST', `/api/v1/evaluation/applications/${app.id}/sign-off`, x);
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().code, 'EVALUATION_REPORT_INCOMPLETE');
      const pointers = refused.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.deepEqual(pointers, [`/verdicts/${failed!.unitId}`, ...gaps.map((g) => `/verdicts/${g}`), '/ics', '/ixit', '/report']);
      assert.match(refused.json().errors[0].detail, /failed/);
      assert.match(refused.json().errors[1].detail, /has no verdict/);

      // Invalid input and a non-PDF are refused without writing anything.
      const invalid = await api('PATCH', reportUrl(app.id), x, { ics: 'ICS v1', verdicts: [{ unitId: gaps[0], verdict: 'not_applicable' }, { unitId: 'NO-SUCH-UNIT', verdict: 'pass', evidence: 'e' }] });
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual(invalid.json().errors.map((e: { pointer: string }) => e.pointer), ['/verdicts/0/reason', '/verdicts/1/unitId']);
      const notPdf = await api('PUT', `${reportUrl(app.id)}.pdf`, x, Buffer.from('<html>report</html>'), { 'content-type': 'application/pdf' });
      assert.equal(notPdf.statusCode, 400);
      assert.match(notPdf.json().errors[0].detail, /not a PDF/);
      const unchanged = (await api('GET', `/api/v1/evaluation/applications/${app.id}`, x)).json();
      assert.equal(unchanged.report.ics, null);
      assert.equal(unchanged.report.file, null);
      assert.equal(unchanged.report.verdicts.length, verdicts.length);
      assert.equal(unchanged.report.version, saved.json().report.version);

      // The operator cannot accept on an unsigned report.
      const accept = await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {});
      assert.equal(accept.statusCode, 409);
      assert.equal(accept.json().code, 'EVALUATION_NOT_SIGNED_OFF');
      assert.equal((await api('GET', `/api/v1/applications/${app.id}`, p.reviewer.auth)).json().status, 'submitted');
    });

    it('signs off a complete report, freezes it, and issues a ★3 label that names the body and says the criteria are an example', async () => {
      const app = await submittedApplication(t, p, 3, bodies.x.id);
      await evaluateAndSignOff(t, bodies.x.evaluator, app);
      const x = bodies.x.evaluator.auth;
      const frozen = await api('PATCH', reportUrl(app.id), x, { summary: 'late change' });
      assert.equal(frozen.statusCode, 409);
      assert.equal(frozen.json().code, 'EVALUATION_STATE_CONFLICT');

      const evaluation = await api('GET', `/api/v1/applications/${app.id}/evaluation`, p.reviewer.auth);
      assert.equal(evaluation.statusCode, 200);
      assert.equal(evaluation.json().report.status, 'signed_off');
      assert.equal(evaluation.json().report.verdicts.length, passEverything(t, app.criteria).length);
      const pdf = await api('GET', `/api/v1/applications/${app.id}/evaluation/report.pdf`, p.vendorA.auth);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.deepEqual(pdf.rawPayload, PDF);
      assert.equal((await api('GET', `/api/v1/applications/${app.id}/evaluation/report.pdf`, p.vendorB.auth)).statusCode, 404);

      for (const [url, body] of [['accept', {}], ['payment', { reference: 'PAY-3' }]] as const) {
        const res = await api('POST', `/api/v1/applications/${app.id}/${url}`, p.reviewer.auth, body);
        assert.equal(res.statusCode, 200, res.body);
      }
      const issued = await api('POST', `/api/v1/applications/${app.id}/issue`, p.reviewer.auth, {});
      assert.equal(issued.statusCode, 200, issued.body);
      const rn = issued.json().registrationNumber as string;
      assert.match(rn, /^JS3-/);
      const signedOffAt = evaluation.json().report.signedOffAt;

      const label = await api('GET', `/api/v1/labels/${rn}`, undefined);
      assert.equal(label.statusCode, 200);
      const json = label.json();
      assert.equal(json.level, 3);
      assert.equal(json.product.category, 'network-camera');
      assert.deepEqual({ ...json.criteria, title: undefined }, { id: 'EXAMPLE-NWC-03', version: '0.1', title: undefined, category: 'network-camera', example: true, assessment: 'third-party' });
      assert.match(json.criteria.title.en, /^Example — not JC-STAR criteria/);
      assert.deepEqual(json.evaluation, { body: { id: bodies.x.id, name: { ja: 'Kanto Test Lab（試験所）', en: 'Kanto Test Lab' }, accreditationNumber: 'ASNITE 0911 T' }, evaluatedAt: signedOffAt });
      assert.ok(!JSON.stringify(json).includes('report.pdf'), 'the report is not public');

      const page = await api('GET', `/labels/${rn}?lang=en`, undefined, undefined, { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      const doc = parse(page.body);
      assert.match(doc.querySelector('#example-criteria')!.text, /Registered on example criteria \(not JC-STAR criteria\)/);
      assert.match(doc.querySelector('#label')!.text, /Example — not JC-STAR criteria/);
      assert.match(doc.querySelector('.facts__row--evaluation')!.text, /Kanto Test Lab.*accreditation ASNITE 0911 T/s);
      assert.match(doc.querySelector('#label')!.text, /Third-party evaluation/);
      const ja = parse((await api('GET', `/labels/${rn}?lang=ja`, undefined, undefined, { accept: 'text/html' })).body);
      assert.match(ja.querySelector('#example-criteria')!.text, /例示の基準による登録です（JC-STAR の基準ではありません）/);
    });

    it('says nothing of an example or an evaluation on a ★1 label', async () => {
      const { registrationNumber } = await issueLabelThroughApi(t, p, { modelNumbers: ['R1-ONLY'] });
      const json = (await api('GET', `/api/v1/labels/${registrationNumber}`, undefined)).json();
      assert.equal(json.criteria.example, false);
      assert.equal(json.criteria.category, null);
      assert.equal(json.criteria.assessment, 'self-declaration');
      assert.equal(json.evaluation, null);
      const doc = parse((await api('GET', `/labels/${registrationNumber}`, undefined, undefined, { accept: 'text/html' })).body);
      assert.equal(doc.querySelector('#example-criteria'), null);
      assert.equal(doc.querySelector('.facts__row--evaluation'), null);
    });

    it('starts a new report when a returned application is resubmitted; acceptance waits for its sign-off', async () => {
      const app = await submittedApplication(t, p, 4, bodies.x.id);
      await evaluateAndSignOff(t, bodies.x.evaluator, app);
      const returned = await api('POST', `/api/v1/applications/${app.id}/return`, p.reviewer.auth, { comment: 'IXIT revision does not match the firmware evaluated.' });
      assert.equal(returned.json().status, 'returned');
      assert.equal((await api('PATCH', reportUrl(app.id), bodies.x.evaluator.auth, { summary: 'x' })).json().code, 'EVALUATION_STATE_CONFLICT');
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth)).json().status, 'resubmitted');
      const view = (await api('GET', `/api/v1/applications/${app.id}`, p.vendorA.auth)).json();
      assert.deepEqual(view.evaluation.reportStatus, 'not_started');
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {})).json().code, 'EVALUATION_NOT_SIGNED_OFF');
      await evaluateAndSignOff(t, bodies.x.evaluator, app);
      const second = (await api('GET', `/api/v1/applications/${app.id}/evaluation`, p.reviewer.auth)).json();
      assert.equal(second.report.round, 2);
      const rounds = await t.ctx.db.selectFrom('evaluation_reports').select(['round', 'status']).where('application_id', '=', app.id).orderBy('round').execute();
      assert.deepEqual(rounds, [{ round: 1, status: 'signed_off' }, { round: 2, status: 'signed_off' }]);
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {})).statusCode, 200);
      const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('action', 'like', 'evaluation_report.%').execute();
      assert.ok(audit.filter((a) => a.action === 'evaluation_report.signed_off').length >= 2);
    });

    it('refuses a sign-off once the body’s accreditation has ended', async () => {
      const app = await submittedApplication(t, p, 3, bodies.y.id);
      const y = bodies.y.evaluator.auth;
      await api('PATCH', reportUrl(app.id), y, { ics: 'ICS', ixit: 'IXIT', verdicts: passEverything(t, app.criteria) });
      await api('PUT', `${reportUrl(app.id)}.pdf`, y, PDF, { 'content-type': 'application/pdf' });
      t.clock.set('2027-01-05T03:00:00.000Z');
      try {
        const res = await api('POST', `/api/v1/evaluation/applications/${app.id}/sign-off`, y);
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'EVALUATION_BODY_NOT_ACCREDITED');
        assert.match(res.json().detail, /accreditation ended on 2026-12-31/);
        assert.equal((await api('GET', `/api/v1/evaluation/applications/${app.id}`, y)).json().report.status, 'open');
      } finally {
        t.clock.set('2026-11-25T03:00:00.000Z');
      }
    });
  });
}
