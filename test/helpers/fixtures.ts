/** Registry actors for API tests: an operator admin, a reviewer, and two vendors with tokens. */
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { createVendor } from '../../src/app/vendors/create-vendor.ts';
import type { Role } from '../../src/domain/roles.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import type { TestApp } from './app.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Party {
  userId: string;
  email: string;
  token: string;
  vendorId: string | null;
  auth: { authorization: string };
}

async function party(t: TestApp, email: string, role: Role, vendorId: string | null): Promise<Party> {
  const user = await createUser(t.ctx, SYSTEM_ACTOR, { email, displayName: email, password: PASSWORD, role, vendorId });
  const { token } = await createApiToken(t.ctx, SYSTEM_ACTOR, { userId: user.id, name: 'test' });
  return { userId: user.id, email, token, vendorId, auth: { authorization: `Bearer ${token}` } };
}

export interface Parties {
  admin: Party;
  reviewer: Party;
  vendorA: Party;
  memberA: Party;
  vendorB: Party;
}

export async function createParties(t: TestApp): Promise<Parties> {
  const a = await createVendor(t.ctx, SYSTEM_ACTOR, { nameJa: '株式会社エー電機', nameEn: 'A Denki K.K.', address: '東京都千代田区1-1', country: 'JP', corporateNumber: '7000012050002' });
  const b = await createVendor(t.ctx, SYSTEM_ACTOR, { nameJa: 'ビー社', nameEn: 'B Ltd', address: '1 High St, London', country: 'GB', legalEntityProof: 'Companies House 01234567' });
  return {
    admin: await party(t, 'admin@op.test', 'operator_admin', null),
    reviewer: await party(t, 'reviewer@op.test', 'reviewer', null),
    vendorA: await party(t, 'admin@a.test', 'vendor_admin', a.id),
    memberA: await party(t, 'member@a.test', 'vendor_member', a.id),
    vendorB: await party(t, 'admin@b.test', 'vendor_admin', b.id),
  };
}

export const PRODUCT = {
  nameJa: 'Wi-Fi 6 ホームルーター',
  nameEn: 'Wi-Fi 6 Home Router',
  category: 'router',
  productUrl: 'https://a.example.jp/router',
  softwareVersions: ['1.0.3'],
  supportEndsOn: '2030-03-31',
  vulnerabilityContact: 'https://a.example.jp/psirt',
  disclosurePolicyUrl: 'https://a.example.jp/psirt/policy',
  modelNumbers: ['AX-3000', 'AX-3000-W', 'ax-3000/jp'],
};

/**
 * A product of vendor A with an issued ★1 label, taken through the API as the vendor and a
 * reviewer would: create, answer the checklist, submit, accept, pay, issue.
 */
export async function issueLabelThroughApi(
  t: TestApp,
  p: Parties,
  product: Partial<typeof PRODUCT> = {},
  issue: { validUntil?: string } = {},
): Promise<{ registrationNumber: string; productId: string; applicationId: string }> {
  const api = async (method: string, url: string, auth: object, payload?: unknown) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers: auth as Record<string, string>, ...(payload !== undefined && { payload: payload as object }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const productId = (await api('POST', '/api/v1/products', p.vendorA.auth, { ...PRODUCT, ...product })).id as string;
  const app = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 1 });
  await api('PATCH', `/api/v1/applications/${app.id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, app.criteria) });
  await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth);
  await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {});
  await api('POST', `/api/v1/applications/${app.id}/payment`, p.reviewer.auth, { reference: 'PAY-TEST' });
  const issued = await api('POST', `/api/v1/applications/${app.id}/issue`, p.reviewer.auth, issue);
  return { registrationNumber: issued.registrationNumber, productId, applicationId: app.id };
}
