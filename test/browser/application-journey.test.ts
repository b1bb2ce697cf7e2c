/**
 * The whole ★1 journey in a real browser (Debian's Chromium via playwright-core, a real server on
 * a loopback port): a vendor signs up and verifies its e-mail address, files an application with
 * model numbers from a CSV file and the full checklist; a reviewer returns it with a comment; the
 * vendor reads the comment, corrects an answer and resubmits; the reviewer accepts, records the
 * payment and issues the label; the public product page shows it valid, and the QR code of the
 * label artwork decodes to that page. The vendor works at phone width, the reviewer at desktop
 * width; screenshots of each main screen go to test-results/screenshots/journey-*.png.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { corporateNumber } from '../accounts/web-client.ts';
import { BASE_URL } from '../helpers/app.ts';
import { readQr } from '../label-art/decode.ts';
import { startLiveServer, type LiveServer } from './server.ts';
import { CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOT_DIR, chromiumSkip as skip } from './chromium.ts';

const DESKTOP = { width: 1280, height: 800 };

describe('the whole ★1 journey in the browser', { skip, timeout: 240_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  let work: string;

  before(async () => {
    server = await startLiveServer();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-journey-'));
    server.ctx.attachmentDir = path.join(work, 'attachments');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `journey-${name}.png`), fullPage: true });
  const h1 = (page: Page) => page.locator('h1').innerText();
  async function logIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('電子メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForLoadState();
  }

  it('signs up, applies, is returned, resubmits, and gets a valid label whose QR code opens its page', async () => {
    const vendorContext = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    const reviewerContext = await browser.newContext({ viewport: DESKTOP, locale: 'ja-JP', baseURL: server.origin });
    vendorContext.setDefaultTimeout(15_000);
    reviewerContext.setDefaultTimeout(15_000);
    const vendor = await vendorContext.newPage();
    const reviewer = await reviewerContext.newPage();
    const email = 'founder@journey-denki.test';
    const password = 'journey passphrase 2026';
    const csv = path.join(work, 'models.csv');
    fs.writeFileSync(csv, `model_number\r\n${Array.from({ length: 40 }, (_, i) => `JD-${200 + i}`).join('\r\n')}\r\n`);
    try {
      // 1. Sign-up and e-mail verification.
      await vendor.goto('/signup');
      await vendor.getByLabel('組織名（日本語）').fill('株式会社ジャーニー電機');
      await vendor.getByLabel('組織名（英語）').fill('Journey Denki K.K.');
      await vendor.getByLabel('所在地').fill('愛知県名古屋市中区1-2-3');
      await vendor.getByLabel('法人番号', { exact: true }).fill(corporateNumber(4242));
      await vendor.getByLabel('氏名').fill('伊藤 三郎');
      await vendor.getByLabel('電子メールアドレス').fill(email);
      await vendor.getByLabel('パスワード').fill(password);
      await vendor.getByRole('button', { name: '登録する' }).click();
      await vendor.waitForLoadState();
      assert.equal(await h1(vendor), 'メールを確認してください');
      const mail = await server.ctx.db.selectFrom('outbox_emails').select('text_body').where('to_address', '=', email).where('kind', '=', 'account_verify').executeTakeFirstOrThrow();
      const link = new URL(/https:\/\/registry\.test\/verify-email\?token=\S+/.exec(mail.text_body)![0]);
      await vendor.goto(link.pathname + link.search);
      await vendor.getByRole('button', { name: '確認する' }).click();
      await vendor.waitForLoadState();
      assert.equal(await h1(vendor), '確認しました');
      await logIn(vendor, email, password);
      assert.match(vendor.url(), /\/portal$/);
      await shot(vendor, 'vendor-home');

      // 2. A product and its ★1 application: model numbers from CSV, the full checklist.
      await vendor.goto('/portal/products/new');
      await vendor.getByLabel('製品名（日本語）').fill('ジャーニー ホームルーター');
      await vendor.getByLabel('製品名（英語）').fill('Journey home router');
      await vendor.getByLabel('カテゴリ').selectOption('router');
      await vendor.getByLabel('セキュリティアップデートの提供終了日（サポート期間）').fill('2031-12-31');
      await vendor.getByLabel('脆弱性の報告窓口（https の URL または電子メールアドレス）').fill('https://journey-denki.example.jp/psirt');
      await vendor.getByLabel('型番（1行に1つ）').fill('JD-200');
      await vendor.getByRole('button', { name: '保存する' }).click();
      await vendor.waitForURL(/done=created$/);
      await vendor.goto('/portal/applications/new');
      await vendor.getByLabel('製品', { exact: true }).selectOption({ label: 'ジャーニー ホームルーター (1)' });
      await vendor.getByLabel(/^通常の申請/).check();
      await vendor.getByRole('button', { name: '申請を作成する' }).click();
      await vendor.waitForURL(/\/model-numbers$/);
      await vendor.getByLabel('CSV ファイル（10 MB まで）').setInputFiles(csv);
      await vendor.getByRole('button', { name: '読み込む' }).click();
      await vendor.waitForURL(/done=imported-40$/);
      await shot(vendor, 'vendor-model-numbers');
      await vendor.getByRole('button', { name: '保存して次へ' }).click();
      await vendor.waitForURL(/\/checklist$/);
      const answers = demoChecklist(server.ctx, 'JST-CR-01-01-2024R1');
      for (const answer of answers) {
        await vendor.locator(`input[name="answer-${answer.itemId}"][value="${answer.answer}"]`).check();
        await vendor.locator(`textarea[name="note-${answer.itemId}"]`).fill((answer.answer === 'conforms' ? answer.evidence : answer.reason) ?? '');
      }
      await shot(vendor, 'vendor-checklist');
      await vendor.getByRole('button', { name: '保存して次へ' }).click();
      await vendor.waitForURL(/\/attachments$/);
      const applicationId = /applications\/([0-9a-f-]{36})/.exec(vendor.url())![1]!;
      await vendor.goto(`/portal/applications/${applicationId}`);
      await vendor.getByRole('button', { name: '申請する' }).click();
      await vendor.waitForURL(/done=submitted$/);
      await shot(vendor, 'vendor-submitted');

      // 3. The reviewer returns it with a comment.
      await logIn(reviewer, DEMO_LOGINS.reviewer, DEMO_PASSWORD);
      await reviewer.goto(`/console/applications/${applicationId}`);
      const comment = '型番の表示場所（本体ラベル）を根拠に書き加えてください。';
      await reviewer.getByLabel('差戻しの理由と修正してほしい点（必須、ベンダーに表示されます）').fill(comment);
      await reviewer.getByRole('button', { name: '差し戻す' }).click();
      await reviewer.waitForURL(/\?done=return$/);
      await shot(reviewer, 'reviewer-returned');

      // 4. The vendor reads the comment, corrects one answer and resubmits.
      await vendor.goto(`/portal/applications/${applicationId}`);
      assert.match(await vendor.locator('main').innerText(), new RegExp(comment));
      await shot(vendor, 'vendor-returned');
      await vendor.goto(`/portal/applications/${applicationId}/checklist`);
      const corrected = answers.find((a) => a.answer === 'conforms')!;
      await vendor.locator(`textarea[name="note-${corrected.itemId}"]`).fill('型番は本体底面のラベルと設定画面に表示されます。');
      await vendor.getByRole('button', { name: '保存して次へ' }).click();
      await vendor.waitForURL(/\/attachments$/);
      await vendor.goto(`/portal/applications/${applicationId}`);
      await vendor.getByRole('button', { name: '再申請する' }).click();
      await vendor.waitForLoadState();
      const afterResubmit = await server.ctx.db.selectFrom('applications').select('status').where('id', '=', applicationId).executeTakeFirstOrThrow();
      assert.equal(afterResubmit.status, 'resubmitted');

      // 5. The reviewer sees the change, accepts, records the payment and issues.
      await reviewer.goto(`/console/applications/${applicationId}`);
      assert.match(await reviewer.locator(`#changes li[data-item="${corrected.itemId}"]`).innerText(), /本体底面/);
      await reviewer.getByRole('button', { name: '受理する' }).click();
      await reviewer.waitForURL(/\?done=accept$/);
      await reviewer.getByLabel('入金の参照番号（振込番号など、必須）').fill('FURIKOMI-4242');
      await reviewer.getByRole('button', { name: '入金を記録する' }).click();
      await reviewer.waitForURL(/\?done=record_payment$/);
      await reviewer.getByRole('button', { name: 'ラベルを発行する' }).click();
      await reviewer.waitForURL(/\?done=issue$/);
      const rn = /登録番号 (JS1-\d{4}-\d{6}-\d)/.exec(await reviewer.locator('.console-done').innerText())![1]!;
      await shot(reviewer, 'reviewer-issued');

      // 6. The public page says valid, and the label's QR code opens exactly that page.
      await vendor.goto(`/labels/${rn}`);
      assert.equal(await vendor.locator('.product-head [data-status]').first().getAttribute('data-status'), 'valid');
      assert.equal(await h1(vendor), 'ジャーニー ホームルーター');
      await shot(vendor, 'public-page');
      const png = await vendorContext.request.get(`/labels/${rn}/label.png`);
      assert.equal(png.status(), 200);
      const qr = readQr(Buffer.from(await png.body()));
      assert.equal(qr, `${BASE_URL}/labels/${rn}`);
      assert.equal(new URL(qr!).pathname, new URL(vendor.url()).pathname);
    } catch (error) {
      await vendor.screenshot({ path: path.join(SCREENSHOT_DIR, 'journey-failure-vendor.png'), fullPage: true }).catch(() => {});
      await reviewer.screenshot({ path: path.join(SCREENSHOT_DIR, 'journey-failure-reviewer.png'), fullPage: true }).catch(() => {});
      console.log(`vendor at ${vendor.url()}:\n${(await vendor.locator('main').innerText().catch(() => '')).slice(0, 1500)}`);
      console.log(`reviewer at ${reviewer.url()}:\n${(await reviewer.locator('main').innerText().catch(() => '')).slice(0, 1500)}`);
      throw error;
    } finally {
      await vendorContext.close();
      await reviewerContext.close();
    }
  });
});
