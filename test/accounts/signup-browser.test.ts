/**
 * Sign-up in a real browser at phone width (390×844): Debian's Chromium driven by playwright-core
 * against a real server on a loopback port. A vendor fills in the sign-up form in Japanese, is
 * told why a corporate number is wrong, signs up, cannot log in yet, follows the link from the
 * verification e-mail, presses the button and logs in to the team page. Every step is checked
 * for sideways scrolling and with axe-core, and saved as a screenshot in
 * test-results/screenshots/ for people to look at. Skipped, with the reason, without Chromium.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLiveServer, type LiveServer } from '../browser/server.ts';
import { corporateNumber } from './web-client.ts';
import { AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOT_DIR, chromiumSkip as skip } from '../browser/chromium.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);


describe('sign-up in the browser at phone width', { skip, timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;

  before(async () => {
    server = await startLiveServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const problems: string[] = [];
  /** Checks the page fits the phone, passes axe (serious and critical count), and saves it. */
  async function look(page: Page, name: string): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling (${overflow}px too wide)`);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    for (const v of result.violations) {
      const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.log(`axe (not failing): ${line}`);
    }
    const file = path.join(SCREENSHOT_DIR, `accounts-${name}-phone.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.readFileSync(file).subarray(0, 4).equals(PNG_MAGIC), file);
  }

  it('signs up, verifies the e-mail address through the link, and logs in', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', baseURL: server.origin, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const email = 'owner@phone-vendor.test';
    const password = 'a phone-typed passphrase';
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: 'ベンダー登録' }).click();
      await page.waitForURL(/\/signup$/);
      assert.equal(await page.locator('h1').innerText(), 'ベンダー登録');
      await look(page, 'signup');

      const good = corporateNumber(9001);
      await page.getByLabel('組織名（日本語）').fill('株式会社スマホ電機');
      await page.getByLabel('組織名（英語）').fill('Sumaho Denki K.K.');
      await page.getByLabel('所在地').fill('福岡県福岡市中央区1-2-3');
      await page.getByLabel('法人番号', { exact: true }).fill(`${(Number(good[0]) + 1) % 10}${good.slice(1)}`);
      await page.getByLabel('氏名').fill('山田 花子');
      await page.getByLabel('電子メールアドレス').fill(email);
      await page.getByLabel('パスワード').fill(password);
      await page.getByRole('button', { name: '登録する' }).click();
      await page.waitForLoadState();
      const summary = page.locator('#error-summary');
      assert.match(await summary.innerText(), /法人番号: チェックディジット/);
      assert.equal(await page.getByLabel('組織名（日本語）').inputValue(), '株式会社スマホ電機', 'the entries are kept');
      await look(page, 'signup-error');

      await page.getByLabel('法人番号', { exact: true }).fill(good);
      await page.getByLabel('パスワード').fill(password);
      await page.getByRole('button', { name: '登録する' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('h1').innerText(), 'メールを確認してください');
      await look(page, 'signup-check-mail');

      // Not before the address is verified.
      await page.goto('/login');
      await page.getByLabel('電子メールアドレス').fill(email);
      await page.getByLabel('パスワード').fill(password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForLoadState();
      assert.match(await page.locator('[role=alert]').innerText(), /まだ有効になっていません/);
      await look(page, 'login-unverified');

      // The verification e-mail, as the outbox holds it for the mail worker.
      const mail = await server.ctx.db.selectFrom('outbox_emails').select('text_body').where('to_address', '=', email).where('kind', '=', 'account_verify').executeTakeFirstOrThrow();
      const link = new URL(/https:\/\/registry\.test\/verify-email\?token=\S+/.exec(mail.text_body)![0]);
      await page.goto(link.pathname + link.search);
      assert.equal(await page.locator('h1').innerText(), '電子メールアドレスの確認');
      await look(page, 'verify-email');
      await page.getByRole('button', { name: '確認する' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('h1').innerText(), '確認しました');
      await look(page, 'verified');

      await page.goto('/login?next=/portal/team');
      await page.getByLabel('電子メールアドレス').fill(email);
      await page.getByLabel('パスワード').fill(password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL(/\/portal\/team$/);
      assert.equal(await page.locator('h1').innerText(), 'メンバー');
      assert.match(await page.locator('.team-member').first().innerText(), /山田 花子/);
      await look(page, 'team');
    } finally {
      await context.close();
    }
    if (problems.length) console.log(problems.join('\n'));
    assert.deepEqual(problems, []);
  });
});
