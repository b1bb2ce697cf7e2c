/**
 * The operator console in a real browser (Debian's Chromium through playwright-core, no
 * JavaScript of ours: the CSP forbids it) against a real server with the demo dataset. A reviewer
 * logs in, opens the oldest application of the queue and returns it with a comment; the vendor
 * resubmits through the API with one answer changed; the reviewer sees the change, accepts,
 * records the payment and issues the label, which the public API then shows as valid. The queue,
 * the application and the dashboard are checked with axe-core and for sideways scrolling, and
 * screenshots at 390×844 and 1280×800 land in test-results/screenshots/console-*.png.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { startLiveServer, type LiveServer } from '../browser/server.ts';
import { AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR, chromiumSkip as skip } from '../browser/chromium.ts';

const SIZES = { 390: { width: 390, height: 844 }, 1280: { width: 1280, height: 800 } } as const;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);


describe('operator console in the browser', { skip, timeout: 180_000 }, () => {
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

  /** The vendor's side, through the JSON API with an API token of the application's vendor admin. */
  async function vendorApi(applicationId: string) {
    const app = await server.ctx.db.selectFrom('applications').select('vendor_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
    const user = await server.ctx.db.selectFrom('users').select('id').where('vendor_id', '=', app.vendor_id).where('role', '=', 'vendor_admin').executeTakeFirstOrThrow();
    const { token } = await createApiToken(server.ctx, SYSTEM_ACTOR, { userId: user.id, name: 'browser test' });
    return async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${server.origin}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${await res.clone().text()}`);
      return res.json();
    };
  }

  async function checkPage(page: Page, name: string): Promise<string[]> {
    const problems: string[] = [];
    const folded = page.locator('details:not([open]) > summary');
    while ((await folded.count()) > 0) await folded.first().click();
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    for (const v of result.violations) {
      const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.log(`axe (not failing): ${line}`);
    }
    return problems;
  }

  async function screenshots(page: Page, name: string, url: string): Promise<void> {
    for (const [width, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px: no sideways scrolling of the page (${overflow}px too wide)`);
      const file = path.join(SCREENSHOT_DIR, `console-${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.readFileSync(file).subarray(0, 8).equals(PNG_MAGIC), file);
    }
  }

  it('returns an application with a comment, then accepts, records payment and issues after the resubmission', async () => {
    const context = await browser.newContext({ viewport: SIZES[1280], locale: 'ja-JP', baseURL: server.origin });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    try {
      await page.goto('/console');
      await page.waitForURL(/\/login\?next=%2Fconsole/);
      await page.getByLabel('電子メールアドレス').fill(DEMO_LOGINS.reviewer);
      await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL((url) => url.pathname === '/console');
      assert.equal(await page.locator('h1').innerText(), '審査キュー');
      problems.push(...(await checkPage(page, 'queue')));
      await screenshots(page, 'queue', '/console');
      await page.setViewportSize(SIZES[1280]);

      // Filter the queue to ★1 (self-declared) applications with the form; the oldest is first.
      await page.locator('.console-filter-box > summary').click();
      await page.getByLabel('レベル').selectOption('1');
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForURL(/[?&]level=1(&|$)/);
      const first = page.locator('table.console-queue tbody tr').first();
      const number = await first.locator('th a').innerText();
      await first.locator('th a').click();
      await page.waitForURL(/\/console\/applications\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      assert.equal(await page.locator('h1').innerText(), `申請 ${number}`);

      const comment = 'S1.1-10-01 の根拠に、型番の表示場所を具体的に書いてください。';
      await page.getByLabel('差戻しの理由と修正してほしい点（必須、ベンダーに表示されます）').fill(comment);
      await page.getByRole('button', { name: '差し戻す' }).click();
      await page.waitForURL(/\?done=return$/);
      assert.match(await page.locator('.console-done').innerText(), /差し戻しました/);
      assert.match(await page.locator('.history').innerText(), new RegExp(comment));

      // The vendor reads the comment and resubmits with one answer changed, through the API.
      const api = await vendorApi(id);
      const seen = await api('GET', `/api/v1/applications/${id}`);
      assert.equal(seen.events.at(-1).comment, comment);
      const target = seen.checklist.find((a: { answer: string }) => a.answer === 'conforms');
      const corrected = '型番は本体底面のラベルと、設定画面の「機器情報」に表示されます。';
      const checklist = seen.checklist.map((a: { itemId: string; answer: string; evidence: string | null; reason: string | null }) => ({
        itemId: a.itemId,
        answer: a.answer,
        ...(a.answer === 'conforms' ? { evidence: a.itemId === target.itemId ? corrected : a.evidence } : { reason: a.reason }),
      }));
      await api('PATCH', `/api/v1/applications/${id}`, { checklist });
      await api('POST', `/api/v1/applications/${id}/submit`);

      await page.goto(`/console/applications/${id}`);
      const change = page.locator(`#changes li[data-item="${target.itemId}"]`);
      assert.match(await change.locator('.console-after').innerText(), new RegExp(corrected));
      problems.push(...(await checkPage(page, 'application')));
      await screenshots(page, 'application', `/console/applications/${id}`);
      await page.setViewportSize(SIZES[1280]);

      await page.getByRole('button', { name: '受理する' }).click();
      await page.waitForURL(/\?done=accept$/);
      const acceptance = await page.locator('[data-field=acceptance-number]').innerText();
      assert.match(await page.locator('.console-done').innerText(), new RegExp(`受理番号 ${acceptance}、手数料 [\\d,]+円`));

      await page.getByLabel('入金の参照番号（振込番号など、必須）').fill('FURIKOMI-0001');
      await page.getByRole('button', { name: '入金を記録する' }).click();
      await page.waitForURL(/\?done=record_payment$/);
      assert.match(await page.locator('.console-done').innerText(), /入金を記録しました/);

      await page.getByRole('button', { name: 'ラベルを発行する' }).click();
      await page.waitForURL(/\?done=issue$/);
      const done = await page.locator('.console-done').innerText();
      const rn = /登録番号 (JS\d-\d{4}-\d{6}-\d)/.exec(done)?.[1];
      assert.ok(rn, done);
      const label = await (await fetch(`${server.origin}/api/v1/labels/${rn}`)).json();
      assert.equal(label.status, 'valid');

      await page.goto('/console/dashboard');
      assert.equal(await page.locator('main svg[role="img"]').count(), 3);
      problems.push(...(await checkPage(page, 'dashboard')));
      await screenshots(page, 'dashboard', '/console/dashboard');
      await page.goto(`/console/labels/${rn}`);
      problems.push(...(await checkPage(page, 'label')));
    } catch (error) {
      // What the browser showed when it failed, for the person reading the test output.
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-failure.png'), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
    if (problems.length) console.log(problems.join('\n'));
    assert.deepEqual(problems, []);
  });
});
