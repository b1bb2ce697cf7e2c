/** Shared set-up for the page tests: an app with the demo dataset, HTML parsing, label lookups. */
import assert from 'node:assert/strict';
import { parse, type HTMLElement } from 'node-html-parser';
import { SYSTEM_ACTOR, type Actor } from '../../src/app/context.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { createApplication } from '../../src/app/applications/create-application.ts';
import { acceptApplication, recordPayment } from '../../src/app/applications/review-application.ts';
import { submitApplication } from '../../src/app/applications/submit-application.ts';
import { updateApplication } from '../../src/app/applications/update-application.ts';
import { issueLabel } from '../../src/app/labels/issue-label.ts';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import { createVendor } from '../../src/app/vendors/create-vendor.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import type { LabelStatus } from '../../src/domain/label-status.ts';
import type { TestApp } from '../helpers/app.ts';

export function html(body: string): HTMLElement {
  return parse(body, { comment: false });
}

export const text = (el: HTMLElement | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Ids that occur more than once in a document (labels and aria references rely on unique ids). */
export function duplicateIds(doc: HTMLElement): string[] {
  const ids = doc.querySelectorAll('[id]').map((e) => e.getAttribute('id')!);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

/** GET a page as a browser would (Accept prefers HTML). */
export async function getPage(t: TestApp, url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-language': 'ja', ...headers },
  });
  return { res, doc: html(res.body) };
}

/** A registration number of the demo dataset with this status. */
export async function demoLabel(t: TestApp, status: LabelStatus): Promise<string> {
  const list = await listPublicLabels(t.ctx, { status, limit: 1 });
  assert.ok(list.items[0], `demo has a ${status} label`);
  return list.items[0].registrationNumber;
}

let serial = 0;

/** Issues a ★1 label through the use cases for a product with the given fields. */
export async function issueLabelFor(
  t: TestApp,
  product: { nameJa: string; nameEn: string; modelNumbers: string[]; descriptionJa?: string; vulnerabilityContact?: string; productUrl?: string },
): Promise<string> {
  serial += 1;
  const vendor = await createVendor(t.ctx, SYSTEM_ACTOR, {
    nameJa: `試験用ベンダー${serial}`,
    nameEn: `Test Vendor ${serial}`,
    address: '東京都千代田区1-1',
    country: 'JP',
    legalEntityProof: `test ${serial}`,
  });
  const user = await createUser(t.ctx, SYSTEM_ACTOR, {
    email: `vendor${serial}@test.example.jp`,
    displayName: `Vendor ${serial}`,
    password: 'correct horse battery staple',
    role: 'vendor_admin',
    vendorId: vendor.id,
  });
  const actor: Actor = { userId: user.id, role: 'vendor_admin', vendorId: vendor.id };
  const created = await createProduct(t.ctx, actor, {
    category: 'router',
    supportEndsOn: '2030-03-31',
    vulnerabilityContact: 'security@test.example.jp',
    disclosurePolicyUrl: 'https://test.example.jp/policy',
    softwareVersions: ['1.0'],
    ...product,
  });
  const app = await createApplication(t.ctx, actor, { productId: created.id, level: 1, route: 'standard' });
  await updateApplication(t.ctx, actor, app.id, { checklist: demoChecklist(t.ctx, app.criteria) });
  await submitApplication(t.ctx, actor, app.id);
  await acceptApplication(t.ctx, SYSTEM_ACTOR, app.id);
  await recordPayment(t.ctx, SYSTEM_ACTOR, app.id, { reference: `PAY-${serial}` });
  const issued = await issueLabel(t.ctx, SYSTEM_ACTOR, app.id);
  return issued.registrationNumber!;
}
