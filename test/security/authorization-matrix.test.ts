/**
 * The authorization matrix, generated from the live route table: every route is called as every
 * role. A role without the route's permission gets 401 (anonymous) or 403; a role with it is let
 * through the auth layer; a vendor calling another vendor's ids gets 404. New routes are covered
 * automatically, and a route without a declared permission cannot even be registered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createEvaluationBody } from '../../src/app/evaluation/evaluation-bodies.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { PERMISSIONS, type Role } from '../../src/domain/roles.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';

type Caller = { name: string; role: Role | 'anonymous'; headers: Record<string, string>; vendor: 'A' | 'B' | null };

/** An evaluator of a body no application here is assigned to. */
async function evaluatorHeaders(t: TestApp): Promise<Record<string, string>> {
  const body = await createEvaluationBody(t.ctx, SYSTEM_ACTOR, { nameJa: '試験所', nameEn: 'Lab', accreditationNumber: 'ASNITE 0001 T', accreditedFrom: '2026-02-06', accreditedUntil: '2029-02-05', scope: [{ category: 'network-camera', level: 3 }] });
  const user = await createUser(t.ctx, SYSTEM_ACTOR, { email: 'evaluator@lab.test', displayName: 'E', password: 'correct horse battery staple', role: 'evaluator', evaluationBodyId: body.id });
  return { authorization: `Bearer ${(await createApiToken(t.ctx, SYSTEM_ACTOR, { userId: user.id, name: 'test' })).token}` };
}

describe('authorization matrix (every route × every role)', () => {
  let t: TestApp;
  let p: Parties;
  const ids: Record<string, string> = {};
  let callers: Caller[];

  before(async () => {
    t = await startTestApp(sqlite);
    p = await createParties(t);
    const api = (method: string, url: string, headers: object, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: headers as Record<string, string>, ...(payload !== undefined && { payload: payload as object }) });
    const product = (await api('POST', '/api/v1/products', p.vendorA.auth, PRODUCT)).json();
    const app = (await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: product.id, level: 1 })).json();
    await api('PATCH', `/api/v1/applications/${app.id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, app.criteria) });
    await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth);
    await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {});
    await api('POST', `/api/v1/applications/${app.id}/payment`, p.reviewer.auth, { reference: 'x' });
    const rn = (await api('POST', `/api/v1/applications/${app.id}/issue`, p.reviewer.auth, {})).json().registrationNumber;
    const draft = (await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: product.id, level: 1 })).json();
    Object.assign(ids, { productId: product.id, applicationId: draft.id, registrationNumber: rn, vendorId: p.vendorA.vendorId!, id: draft.id });
    callers = [
      { name: 'anonymous', role: 'anonymous', headers: {}, vendor: null },
      { name: 'vendor member of A', role: 'vendor_member', headers: p.memberA.auth, vendor: 'A' },
      { name: 'vendor admin of A', role: 'vendor_admin', headers: p.vendorA.auth, vendor: 'A' },
      { name: 'vendor admin of B', role: 'vendor_admin', headers: p.vendorB.auth, vendor: 'B' },
      { name: 'reviewer', role: 'reviewer', headers: p.reviewer.auth, vendor: null },
      { name: 'operator admin', role: 'operator_admin', headers: p.admin.auth, vendor: null },
      { name: 'evaluator', role: 'evaluator', headers: await evaluatorHeaders(t), vendor: null },
    ];
  });
  after(async () => t?.close());

  /** Fills path parameters with vendor A's records (each route's `:id` names the resource its path is about). */
  function concrete(url: string): string {
    const idFor = url.startsWith('/api/v1/products') ? ids.productId : url.startsWith('/api/v1/vendors') ? ids.vendorId : ids.applicationId;
    return url
      .replace(':registrationNumber', ids.registrationNumber!)
      .replace(':id', idFor!)
      .replace('*', '0/000');
  }

  it('covers every route with an expected outcome for every role', async () => {
    const routes = t.app.routePermissions;
    assert.ok(routes.length > 30, `${routes.length} routes`);
    const failures: string[] = [];
    // Read-only calls first, then state-changing ones (their `{}` bodies fail validation after auth).
    const ordered = [...routes].sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    for (const route of ordered) {
      for (const caller of callers) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: { ...caller.headers, 'accept-language': 'en' },
          ...(route.method !== 'GET' && route.method !== 'DELETE' && { payload: {} }),
        });
        const label = `${route.method} ${route.url} as ${caller.name} → ${res.statusCode}`;
        // Browser forms check their CSRF token before anything else; a request without one is refused.
        const csrfFirst = !route.url.startsWith('/api/') && res.statusCode === 403 && res.headers['x-problem-code'] === 'CSRF_FAILED';
        if (route.permission === 'public') {
          if ((res.statusCode === 401 || res.statusCode === 403) && !csrfFirst) failures.push(`${label}: public route refused`);
          continue;
        }
        const allowed = caller.role !== 'anonymous' && (PERMISSIONS[route.permission] as readonly string[]).includes(caller.role);
        if (caller.role === 'anonymous') {
          // Pages send an anonymous visitor to the log-in page instead of answering 401.
          const toLogin = !route.url.startsWith('/api/') && route.method === 'GET' && res.statusCode === 303 && String(res.headers.location).startsWith('/login?next=');
          if (res.statusCode !== 401 && !toLogin) failures.push(`${label}: expected 401`);
        } else if (!allowed) {
          if (res.statusCode !== 403) failures.push(`${label}: expected 403`);
        } else if ((res.statusCode === 401 || res.statusCode === 403) && !csrfFirst) {
          failures.push(`${label}: permitted role refused`);
        } else if (caller.vendor === 'B' && route.url.includes(':') && !route.url.includes(':registrationNumber')) {
          // Reads must answer 404; writes may fail body validation first, which reveals nothing.
          const expected = route.method === 'GET' ? [404] : [404, 400];
          if (!expected.includes(res.statusCode)) failures.push(`${label}: another vendor's record must answer 404`);
        } else if (caller.role === 'evaluator' && route.url.includes(':id') && route.method === 'GET' && res.statusCode !== 404) {
          failures.push(`${label}: an application not assigned to the evaluator's body must answer 404`);
        } else if (caller.vendor === 'B' && route.url.includes(':registrationNumber') && route.method !== 'GET') {
          if (res.statusCode !== 404 && res.statusCode !== 400) failures.push(`${label}: another vendor's label must not be changed`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("never lets vendor B change vendor A's label or application", async () => {
    const label = (await t.app.inject({ method: 'GET', url: `/api/v1/labels/${ids.registrationNumber}` })).json();
    assert.equal(label.status, 'valid');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/labels/${ids.registrationNumber}/withdraw`, headers: p.vendorB.auth, payload: { reason: 'not mine' } });
    assert.equal(res.statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/labels/${ids.registrationNumber}` })).json().status, 'valid');
  });
});
