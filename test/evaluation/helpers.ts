/**
 * Fixtures for the ★3/★4 tests: two evaluation bodies (one accredited for network cameras ★3 and
 * ★4, one for ★3 only and ending sooner), an evaluator of each with an API token, a network
 * camera of vendor A, and applications taken through the API to "submitted".
 */
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app.ts';
import { PASSWORD, type Parties, type Party } from '../helpers/fixtures.ts';

export const CAMERA = {
  nameJa: '屋外ネットワークカメラ 4K',
  nameEn: 'Outdoor Network Camera 4K',
  category: 'network-camera',
  softwareVersions: ['2.0.1'],
  supportEndsOn: '2031-03-31',
  vulnerabilityContact: 'https://a.example.jp/psirt',
  disclosurePolicyUrl: 'https://a.example.jp/psirt/policy',
};

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export interface Bodies {
  /** Network cameras ★3 and ★4, accredited 2026-02-06 … 2030-02-05. */
  x: { id: string; name: string; evaluator: Party };
  /** Network cameras ★3 only, accredited 2026-02-06 … 2026-12-31. */
  y: { id: string; name: string; evaluator: Party };
}

export type Api = (method: string, url: string, auth: object | undefined, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function apiOf(t: TestApp): Api {
  return (method, url, auth, payload, headers = {}) =>
    t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}), ...headers }, ...(payload !== undefined && { payload: payload as object }) });
}

export async function createBodies(t: TestApp, p: Parties): Promise<Bodies> {
  const api = apiOf(t);
  const body = async (key: string, nameEn: string, until: string, levels: number[]) => {
    const res = await api('POST', '/api/v1/evaluation-bodies', p.admin.auth, {
      nameJa: `${nameEn}（試験所）`,
      nameEn,
      accreditationNumber: `ASNITE 09${key} T`,
      accreditedFrom: '2026-02-06',
      accreditedUntil: until,
      scope: levels.map((level) => ({ category: 'network-camera', level })),
    });
    assert.equal(res.statusCode, 201, res.body);
    const email = `evaluator@${key}.test`;
    const user = await api('POST', `/api/v1/evaluation-bodies/${res.json().id}/evaluators`, p.admin.auth, { email, displayName: `Evaluator ${key}`, password: PASSWORD });
    assert.equal(user.statusCode, 201, user.body);
    const { token } = await createApiToken(t.ctx, SYSTEM_ACTOR, { userId: user.json().id, name: 'test' });
    const evaluator: Party = { userId: user.json().id, email, token, vendorId: null, auth: { authorization: `Bearer ${token}` } };
    return { id: res.json().id as string, name: nameEn, evaluator };
  };
  return { x: await body('11', 'Kanto Test Lab', '2030-02-05', [3, 4]), y: await body('22', 'Tohoku Test Lab', '2026-12-31', [3]) };
}

let serial = 0;
/** A new network camera of vendor A (unique model numbers). */
export async function createCamera(t: TestApp, p: Parties): Promise<string> {
  serial += 1;
  const res = await apiOf(t)('POST', '/api/v1/products', p.vendorA.auth, { ...CAMERA, modelNumbers: [`NC-4K-${serial}`, `NC-4K-${serial}-W`] });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

/** A ★3/★4 application for a new camera, checklist (the ICS) answered and submitted. */
export async function submittedApplication(t: TestApp, p: Parties, level: number, evaluationBodyId: string): Promise<{ id: string; criteria: string }> {
  const api = apiOf(t);
  const productId = await createCamera(t, p);
  const created = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level, evaluationBodyId });
  assert.equal(created.statusCode, 201, created.body);
  const { id, criteria } = created.json();
  assert.equal((await api('PATCH', `/api/v1/applications/${id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, criteria) })).statusCode, 200);
  const submitted = await api('POST', `/api/v1/applications/${id}/submit`, p.vendorA.auth);
  assert.equal(submitted.statusCode, 200, submitted.body);
  return { id, criteria };
}

/** A "pass" verdict with evidence for every test unit of the criteria. */
export function passEverything(t: TestApp, criteriaId: string): Array<{ unitId: string; verdict: 'pass'; evidence: string }> {
  return (t.ctx.catalog.criteria.get(criteriaId)!.testUnits ?? []).map((u) => ({ unitId: u.id, verdict: 'pass' as const, evidence: `Tested per test plan TP-${u.id}; log L-${u.id}.` }));
}

/** Records every verdict, the ICS and IXIT, uploads the PDF and signs off, as the body's evaluator. */
export async function evaluateAndSignOff(t: TestApp, evaluator: Party, app: { id: string; criteria: string }): Promise<void> {
  const api = apiOf(t);
  const saved = await api('PATCH', `/api/v1/evaluation/applications/${app.id}/report`, evaluator.auth, { ics: 'ICS: the submitted checklist, v1', ixit: 'IXIT-NC4K rev 2', verdicts: passEverything(t, app.criteria) });
  assert.equal(saved.statusCode, 200, saved.body);
  const upload = await api('PUT', `/api/v1/evaluation/applications/${app.id}/report.pdf?fileName=report.pdf`, evaluator.auth, PDF, { 'content-type': 'application/pdf' });
  assert.equal(upload.statusCode, 200, upload.body);
  const signed = await api('POST', `/api/v1/evaluation/applications/${app.id}/sign-off`, evaluator.auth);
  assert.equal(signed.statusCode, 200, signed.body);
}
