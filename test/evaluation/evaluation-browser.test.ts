/**
 * The ★3 route in a real browser at phone width (390×844): Debian's Chromium driven by
 * playwright-core against a real server loaded with the demo dataset. A vendor opens a ★3
 * application naming the demo evaluation body, answers the checklist and submits; the evaluator
 * logs in at /login, is refused a sign-off while verdicts are missing, records every verdict,
 * uploads the report PDF and signs off at /evaluation; the operator accepts, records the payment
 * and issues at /console/evaluations; the public page shows ★3, the body's name and that the
 * criteria are an example. Each step is checked for sideways scrolling and with axe-core, and
 * saved as test-results/screenshots/evaluation-*.png. Skipped, with the reason, without Chromium.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createProduct } from '../../src/app/products/create-product.ts';
import { DEMO_EVALUATOR } from '../../src/demo/demo-evaluation.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { startLiveServer, type LiveServer } from '../browser/server.ts';
import { PDF } from './helpers.ts';
import { AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOT_DIR, chromiumSkip as skip } from '../browser/chromium.ts';

const VENDOR = 'vendor@demo.hoshi.example';


describe('★3 evaluation in the browser at phone width', { skip, timeout: 240_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    server = await startLiveServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The demo vendor sells routers; give it a camera to take to ★3.
    const vendor = await server.ctx.db.selectFrom('users').select(['id', 'vendor_id']).where('email', '=', VENDOR).executeTakeFirstOrThrow();
    await createProduct(server.ctx, { userId: vendor.id, role: 'vendor_admin', vendorId: vendor.vendor_id }, {
      nameJa: '屋内ネットワークカメラ KC-1', nameEn: 'Indoor Network Camera KC-1', category: 'network-camera', softwareVersions: ['1.0.0'],
      supportEndsOn: '2031-03-31', vulnerabilityContact: 'https://www.kasumi-net.example.jp/psirt', disclosurePolicyUrl: 'https://www.kasumi-net.example.jp/psirt/policy',
      modelNumbers: ['KC-1', 'KC-1-W'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Checks the page fits the phone and passes axe (serious and critical fail), and saves it. */
  async function look(page: Page, name: string): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling (${overflow}px too wide)`);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    for (const v of result.violations) {
      const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.log(`axe (not failing): ${line}`);
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `evaluation-${name}.png`), fullPage: true });
  }

  async function logIn(email: string, next: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(next);
    await page.waitForURL(/\/login\?next=/);
    await page.locator('form[action="/login"] input[name="email"]').fill(email);
    await page.locator('form[action="/login"] input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === next);
    return { context, page };
  }

  it('takes a ★3 application from the vendor through the evaluation body to an issued label', async () => {
    // The vendor opens the application, naming the demo evaluation body.
    const vendor = await logIn(VENDOR, '/portal/evaluated-applications/new');
    let applicationNumber: string;
    let applicationId: string;
    try {
      const page = vendor.page;
      await look(page, '1-vendor-new');
      await page.locator('select[name="productId"]').selectOption({ label: '屋内ネットワークカメラ KC-1 (ネットワークカメラ)' });
      await page.locator('input[name="level"][value="3"]').check();
      const bodyOption = page.locator('select[name="evaluationBodyId"] option', { hasText: 'みちのく製品セキュリティ試験所（デモ）' });
      await page.locator('select[name="evaluationBodyId"]').selectOption(await bodyOption.getAttribute('value'));
      await page.getByRole('button', { name: '申請を作成' }).click();
      await page.waitForURL(/\/portal\/evaluated-applications\/[0-9a-f-]+\?done=created$/);
      applicationId = new URL(page.url()).pathname.split('/').at(-1)!;
      assert.match(await page.locator('h1').innerText(), /^申請 APP-\d{4}-\d{6}（★3）$/);
      applicationNumber = /APP-\d{4}-\d{6}/.exec(await page.locator('h1').innerText())![0];
      assert.match(await page.locator('#example-criteria').innerText(), /例示の基準です（JC-STAR の基準ではありません）/);
      assert.match(await page.locator('main').innerText(), /みちのく製品セキュリティ試験所（デモ）/);
      assert.equal(await page.locator('#report-status').innerText(), '未着手');
      await look(page, '2-vendor-opened');

      // The checklist (its ICS), on the portal's checklist page, then submission.
      await page.getByRole('link', { name: 'チェックリストに回答する' }).click();
      await page.waitForURL(/\/checklist$/);
      const items = page.locator('input[type="radio"][value="conforms"]');
      const count = await items.count();
      assert.ok(count >= 25, `${count} assessment items (★1 + ★2 + ★3)`);
      for (let i = 0; i < count; i++) await items.nth(i).check();
      for (const note of await page.locator('textarea[name^="note-"]').all()) await note.fill('設計書 DS-1 §2、試験記録 TR-1 参照。');
      await page.getByRole('button', { name: '下書き保存' }).click();
      await page.waitForURL(/\/checklist\?done=saved$/);
      await page.goto(`/portal/applications/${applicationId}`);
      await page.locator(`form[action="/portal/applications/${applicationId}/submit"] button[type="submit"]`).click();
      await page.waitForURL(/\?done=submitted$/);
      await page.goto(`/portal/evaluated-applications/${applicationId}`);
      assert.match(await page.locator('main').innerText(), /提出済み/);
    } finally {
      await vendor.context.close();
    }

    // The evaluator logs in, is refused an early sign-off, records the verdicts, uploads, signs off.
    const evaluator = await logIn(DEMO_EVALUATOR, '/evaluation');
    try {
      const page = evaluator.page;
      assert.equal(await page.locator('h1').innerText(), '評価を担当する申請');
      await look(page, '3-evaluator-list');
      await page.getByRole('link', { name: applicationNumber }).click();
      await page.waitForURL(new RegExp(`/evaluation/applications/${applicationId}$`));
      assert.match(await page.locator('#example-criteria').innerText(), /JC-STAR の基準ではありません/);

      await page.getByRole('button', { name: '報告書にサインする' }).click();
      await page.waitForURL(/\/sign-off$/);
      const refusal = page.locator('#error-summary');
      assert.match(await refusal.innerText(), /has no verdict/);
      assert.match(await refusal.innerText(), /report PDF is not uploaded/);
      await look(page, '4-evaluator-refused');

      await page.goto(`/evaluation/applications/${applicationId}`);
      await page.locator('textarea[name="ics"]').fill('事業者のチェックリスト（提出時）および ICS KC-1 第1版');
      await page.locator('textarea[name="ixit"]').fill('IXIT KC-1 第2版（試験用アカウント、更新サーバー）');
      const passes = page.locator('input[type="radio"][value="pass"]');
      const units = await passes.count();
      assert.ok(units >= 25, `${units} test units`);
      for (let i = 0; i < units; i++) await passes.nth(i).check();
      for (const note of await page.locator('textarea[name^="note-"]').all()) await note.fill('試験計画 TP-1 に従い確認。記録 L-1。');
      await page.getByRole('button', { name: '判定を保存' }).click();
      await page.waitForURL(/\?done=saved$/);
      assert.equal(await page.locator('#verdict-progress').innerText(), `判定済み ${units} / ${units}`);

      await page.locator('input[type="file"][name="report"]').setInputFiles({ name: 'KC-1-report.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'PDF をアップロード' }).click();
      await page.waitForURL(/\?done=uploaded$/);
      assert.match(await page.locator('#report-file').innerText(), /KC-1-report\.pdf/);
      await look(page, '5-evaluator-recorded');

      await page.getByRole('button', { name: '報告書にサインする' }).click();
      await page.waitForURL(/\?done=signed$/);
      assert.match(await page.locator('main').innerText(), /報告書にサインしました/);
      assert.match(await page.locator('#report').innerText(), /承認済み（サイン済み）/);
      await look(page, '6-evaluator-signed');
    } finally {
      await evaluator.context.close();
    }

    // The operator reviews the report and issues the label.
    const operator = await logIn(DEMO_LOGINS.reviewer, '/console/evaluations');
    let registrationNumber: string;
    try {
      const page = operator.page;
      await page.getByRole('link', { name: applicationNumber }).click();
      await page.waitForURL(new RegExp(`/console/evaluations/${applicationId}$`));
      assert.match(await page.locator('#report').innerText(), /承認済み（サイン済み）/);
      await look(page, '7-operator-review');
      await page.getByRole('button', { name: '受理する' }).click();
      await page.waitForURL(/\?done=accept$/);
      await page.locator('input[name="reference"]').fill('PAY-KC-1');
      await page.getByRole('button', { name: '入金を記録' }).click();
      await page.waitForURL(/\?done=payment$/);
      await page.getByRole('button', { name: '発行する' }).click();
      await page.waitForURL(/\?done=issue$/);
      const issued = await page.locator('#decision').innerText();
      registrationNumber = /JS3-\d{4}-\d{6}-\d/.exec(issued)![0];
      await look(page, '8-operator-issued');
    } finally {
      await operator.context.close();
    }

    // Anyone: the public page says ★3, names the body and says the criteria are an example.
    const visitor = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    try {
      const page = await visitor.newPage();
      await page.goto(`/labels/${registrationNumber}`);
      assert.match(await page.locator('.product-head__summary').innerText(), /★3|★★★/);
      assert.match(await page.locator('#example-criteria').innerText(), /例示の基準による登録です（JC-STAR の基準ではありません）/);
      assert.match(await page.locator('#label').innerText(), /評価機関\s*みちのく製品セキュリティ試験所（デモ）/);
      assert.match(await page.locator('#label').innerText(), /第三者評価/);
      await look(page, '9-public-label');
    } finally {
      await visitor.close();
    }
    assert.deepEqual(problems, [], 'no serious or critical axe violations');
  });
});
