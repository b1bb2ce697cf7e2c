/**
 * The vendor portal in a real browser at phone width (390×844): Debian's Chromium driven by
 * playwright-core against a real server on a loopback port (the demo dataset loaded). A vendor
 * logs in, adds a product, opens a ★1 application, imports its model numbers from a CSV file,
 * answers the whole checklist, attaches a PDF and submits, in Japanese and without JavaScript.
 * Every main screen is checked for sideways scrolling and with axe-core (serious and critical
 * fail), and saved as test-results/screenshots/portal-*.png. Skipped, with the reason, without
 * Chromium.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { createVendor } from '../../src/app/vendors/create-vendor.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { startLiveServer, type LiveServer } from '../browser/server.ts';
import { makePdf } from './files.ts';
import { AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOT_DIR, chromiumSkip as skip } from '../browser/chromium.ts';

const EMAIL = 'owner@portal-phone.test';
const PASSWORD = 'a portal passphrase on a phone';


describe('vendor portal in the browser at phone width', { skip, timeout: 180_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  let work: string;

  before(async () => {
    server = await startLiveServer();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-portal-browser-'));
    server.ctx.attachmentDir = path.join(work, 'attachments');
    const vendor = await createVendor(server.ctx, SYSTEM_ACTOR, { nameJa: '株式会社ポータル電機', nameEn: 'Portal Denki K.K.', address: '大阪府大阪市北区1-2-3', country: 'JP', legalEntityProof: '履歴事項全部証明書（2026年10月）' });
    await createUser(server.ctx, SYSTEM_ACTOR, { email: EMAIL, displayName: '佐藤 一郎', password: PASSWORD, role: 'vendor_admin', vendorId: vendor.id });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const problems: string[] = [];
  /** Checks the page fits the phone and passes axe (serious and critical count), and saves it. */
  async function look(page: Page, name: string): Promise<void> {
    // Against the phone's width, not innerWidth: a mobile browser widens its layout viewport to fit.
    const overflow = await page.evaluate((width) => document.documentElement.scrollWidth - width, PHONE.width);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling (${overflow}px too wide)`);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    for (const v of result.violations) {
      const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.log(`axe (not failing): ${line}`);
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `portal-${name}.png`), fullPage: true });
  }

  const h1 = (page: Page) => page.locator('h1').innerText();

  it('logs in, adds a product, files a ★1 application with CSV model numbers and the full checklist, and submits it', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const csvFile = path.join(work, 'models.csv');
    fs.writeFileSync(csvFile, `\ufeffmodel_number\n${Array.from({ length: 120 }, (_, i) => `PD-${100 + i}`).join('\r\n')}\r\n`);
    const pdfFile = path.join(work, '設計書.pdf');
    fs.writeFileSync(pdfFile, await makePdf('Design document of the PD series'));
    try {
      await page.goto('/login');
      await page.getByLabel('電子メールアドレス').fill(EMAIL);
      await page.getByLabel('パスワード').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL(/\/portal$/);
      assert.equal(await h1(page), 'ベンダーポータル');
      assert.match(await page.locator('main').innerText(), /株式会社ポータル電機/);
      await look(page, 'home');

      // A product.
      await page.getByRole('link', { name: '製品を登録' }).first().click();
      await page.waitForURL(/\/portal\/products\/new$/);
      await page.getByLabel('製品名（日本語）').fill('スマートプラグ PD シリーズ');
      await page.getByLabel('製品名（英語）').fill('Smart plug PD series');
      await page.getByLabel('カテゴリ').selectOption('other');
      await page.getByLabel('セキュリティアップデートの提供終了日（サポート期間）').fill('2031-03-31');
      await page.getByLabel('脆弱性の報告窓口（https の URL または電子メールアドレス）').fill('https://portal-denki.example.jp/psirt');
      await page.getByLabel('型番（1行に1つ）').fill('PD-100');
      await look(page, 'product-form');
      await page.getByRole('button', { name: '保存する' }).click();
      await page.waitForURL(/\/portal\/products\/[0-9a-f-]+\?done=created$/);
      assert.match(await page.locator('[role=status]').innerText(), /製品を登録しました/);

      // The application: product and route.
      await page.goto('/portal/applications/new');
      assert.equal(await h1(page), '新しい申請（★1）');
      await page.getByLabel('製品', { exact: true }).selectOption({ label: 'スマートプラグ PD シリーズ (1)' });
      await page.getByLabel(/^通常の申請/).check();
      await look(page, 'application-new');
      await page.getByRole('button', { name: '申請を作成する' }).click();
      await page.waitForURL(/\/model-numbers$/);

      // Model numbers from a CSV file.
      await page.getByLabel('CSV ファイル（10 MB まで）').setInputFiles(csvFile);
      await page.getByRole('button', { name: '読み込む' }).click();
      await page.waitForURL(/done=imported-120$/);
      assert.match(await page.locator('[role=status]').innerText(), /120 件の型番を読み込みました/);
      await look(page, 'model-numbers');
      await page.getByRole('button', { name: '保存して次へ' }).click();
      await page.waitForURL(/\/checklist$/);

      // The whole checklist.
      for (const answer of demoChecklist(server.ctx, 'JST-CR-01-01-2024R1')) {
        await page.locator(`input[name="answer-${answer.itemId}"][value="${answer.answer}"]`).check();
        await page.locator(`textarea[name="note-${answer.itemId}"]`).fill((answer.answer === 'conforms' ? answer.evidence : answer.reason) ?? '');
      }
      await look(page, 'checklist');
      await page.getByRole('button', { name: '保存して次へ' }).click();
      await page.waitForURL(/\/attachments$/);

      // A document for one item.
      await page.getByLabel('ファイル（PDF、PNG、JPEG、10 MB まで）').setInputFiles(pdfFile);
      await page.getByLabel('対象の評価項目').selectOption('S1.1-08-01');
      await page.getByRole('button', { name: '追加する' }).click();
      await page.waitForURL(/done=uploaded$/);
      assert.match(await page.locator('main .entries').innerText(), /設計書\.pdf\s+S1\.1-08-01 · PDF/);
      await look(page, 'attachments');

      // The overview: complete, then submitted.
      await page.getByRole('navigation', { name: '入力する内容' }).getByRole('link', { name: '申請の情報' }).click();
      await page.waitForURL(/\/portal\/applications\/[0-9a-f-]+$/);
      assert.match(await page.locator('main').innerText(), /すべての項目がそろっています/);
      await look(page, 'application');
      await page.getByRole('button', { name: '申請する' }).click();
      await page.waitForURL(/done=submitted$/);
      assert.match(await page.locator('[role=status]').innerText(), /申請しました/);
      assert.match(await page.locator('.facts').innerText(), /申請済み（審査待ち）/);
      await look(page, 'submitted');

      const id = /applications\/([0-9a-f-]+)/.exec(page.url())![1]!;
      const stored = await server.ctx.db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(stored.status, 'submitted');
      const models = await server.ctx.db.selectFrom('application_model_numbers').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(models.n), 120);

      // The other main screens.
      await page.goto('/portal/applications');
      await look(page, 'applications');
      await page.goto('/portal/tokens');
      await page.getByLabel('名前（用途がわかる名前）').fill('CI');
      await page.getByRole('button', { name: '作成する' }).click();
      await page.waitForLoadState();
      assert.match(await page.locator('#new-token').inputValue(), /^hoshi_/);
      await look(page, 'tokens');
    } catch (error) {
      // Where it stopped, for whoever reads the failure.
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'portal-failure.png'), fullPage: true }).catch(() => {});
      console.log(`stopped at ${page.url()}:\n${(await page.locator('main').innerText().catch(() => '')).slice(0, 2000)}`);
      throw error;
    } finally {
      await context.close();
    }
    if (problems.length) console.log(problems.join('\n'));
    assert.deepEqual(problems, []);
  });

  it('shows a demo vendor its labels, with renewal and the security information of one', async () => {
    // The demo vendor with the most labels, and a new log-in for it.
    const [busiest] = await server.ctx.db.selectFrom('labels').select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('vendor_id').orderBy('n', 'desc').limit(1).execute();
    await createUser(server.ctx, SYSTEM_ACTOR, { email: 'labels@demo-vendor.test', displayName: '鈴木 次郎', password: PASSWORD, role: 'vendor_admin', vendorId: busiest!.vendor_id });
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await page.goto('/login?next=/portal/labels');
      await page.getByLabel('電子メールアドレス').fill('labels@demo-vendor.test');
      await page.getByLabel('パスワード').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL(/\/portal\/labels$/);
      assert.equal(await h1(page), 'ラベル');
      assert.equal(await page.locator('main .entry').count(), Number(busiest!.n));
      await look(page, 'labels');
      await page.locator('main .entry__title a').first().click();
      await page.waitForURL(/\/portal\/labels\/JS1-/);
      assert.match(await page.locator('#support').innerText(), /サポート期間/);
      await look(page, 'label');
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
