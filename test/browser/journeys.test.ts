/**
 * Real-browser journeys: Debian's Chromium driven by playwright-core against a real server on a
 * loopback port, loaded with the demo dataset. A visitor searches in Japanese, opens a product,
 * switches language (and the choice is remembered), downloads the label PNG and opens the
 * statistics; axe-core checks the main pages for WCAG 2.1 A/AA problems; screenshots at phone and
 * desktop widths land in test-results/screenshots/ for people to look at.
 *
 * Needs /usr/bin/chromium and a CJK font (.ci/install-browser.sh); skipped, with the reason,
 * when Chromium is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { startLiveServer, type LiveServer } from './server.ts';
import { AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOT_DIR, chromiumSkip as skip } from './chromium.ts';

const DESKTOP = { width: 1280, height: 900 };
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);


describe('browser journeys', { skip, timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  let validRn: string;
  let revokedRn: string;

  before(async () => {
    server = await startLiveServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    validRn = (await listPublicLabels(server.ctx, { status: 'valid', limit: 1 })).items[0]!.registrationNumber;
    revokedRn = (await listPublicLabels(server.ctx, { status: 'revoked', limit: 1 })).items[0]!.registrationNumber;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh visitor (no cookies) whose browser prefers Japanese. */
  async function visitor(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale: 'ja-JP', acceptDownloads: true, baseURL: server.origin });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  }

  const h1 = (page: Page) => page.locator('h1').innerText();
  const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

  it('searches in Japanese, opens the product, switches to English and back, and downloads the label PNG', async () => {
    const { context, page } = await visitor();
    try {
      await page.goto('/');
      assert.equal(await htmlLang(page), 'ja');
      await page.getByLabel('キーワード').fill('ルームエアコン');
      await page.getByRole('button', { name: '検索する' }).click();
      await page.waitForURL(/\?q=/);
      const results = page.locator('.result__title a');
      assert.deepEqual(await results.allInnerTexts(), ['ルームエアコン ZX シリーズ（無線LAN内蔵）']);
      assert.equal(await page.locator('.results__total').innerText(), '1件');

      await results.first().click();
      await page.waitForURL(/\/labels\/JS1-/);
      assert.equal(await h1(page), 'ルームエアコン ZX シリーズ（無線LAN内蔵）');
      const productUrl = new URL(page.url()).pathname;
      const rn = decodeURIComponent(productUrl.split('/').at(-1)!);

      await page.locator('.lang-nav a').click();
      await page.waitForURL(/lang=en/);
      assert.equal(await htmlLang(page), 'en');
      const englishName = await h1(page);
      assert.notEqual(englishName, 'ルームエアコン ZX シリーズ（無線LAN内蔵）');
      assert.match(englishName, /ZX/);

      // The choice is remembered: links without ?lang= stay in English.
      await page.getByRole('link', { name: 'Back to product search' }).click();
      await page.waitForURL((url) => url.pathname === '/' && !url.search.includes('lang'));
      assert.equal(await htmlLang(page), 'en');
      assert.equal(await h1(page), 'Search labelled products');
      await page.goto(productUrl);
      assert.equal(await htmlLang(page), 'en');

      await page.locator('.lang-nav a').click();
      await page.waitForURL(/lang=ja/);
      assert.equal(await htmlLang(page), 'ja');
      await page.goto('/');
      assert.equal(await h1(page), '適合ラベル取得製品の検索', 'Japanese is remembered too');

      await page.goto(productUrl);
      const link = page.getByRole('link', { name: 'ラベル画像をダウンロード（PNG）' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), `${rn}.png`);
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      assert.ok(bytes.subarray(0, 8).equals(PNG_MAGIC), 'a PNG file');
      assert.ok(bytes.length > 1_000);
    } finally {
      await context.close();
    }
  });

  it('opens the statistics from the header and shows the charts with their numbers', async () => {
    const { context, page } = await visitor();
    try {
      await page.goto('/');
      await page.locator('.site-nav').getByRole('link', { name: '統計' }).click();
      await page.waitForURL(/\/stats$/);
      assert.equal(await h1(page), '登録状況の統計');
      const charts = page.getByRole('img');
      assert.equal(await page.locator('main svg[role="img"]').count(), 4);
      assert.ok((await charts.count()) >= 4);
      const status = page.locator('#stats-status');
      assert.equal(await status.locator('svg').isVisible(), true);
      const table = status.locator('table');
      assert.equal(await table.isVisible(), false, 'the table is folded away at first');
      await status.getByText('数値を表で見る').click();
      assert.equal(await table.isVisible(), true);
      const listed = (await listPublicLabels(server.ctx, { status: 'valid' })).total;
      assert.equal(await table.locator('tbody tr').first().locator('td').first().innerText(), String(listed));
      const box = await page.locator('#stats-monthly svg').boundingBox();
      assert.ok(box && box.width > 600 && box.height > 150, 'the monthly chart spans the page');
    } finally {
      await context.close();
    }
  });

  it('opens the UK PSTI list, a declared product with its UK block and date check, and the recognition mapping', async () => {
    const { context, page } = await visitor();
    try {
      await page.goto('/psti');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.match(await h1(page), /UK PSTI/);
      const products = page.locator('.result__title a');
      assert.ok((await products.count()) >= 4, 'the demo declares its UK products');
      await products.first().click();
      await page.waitForURL(/\/labels\/JS1-/);
      const ukBlock = page.locator('.uk-block');
      assert.equal(await ukBlock.isVisible(), true);
      assert.match(await ukBlock.innerText(), /PSTI/);
      await ukBlock.getByRole('link', { name: /check/i }).first().click();
      await page.waitForURL(/\/uk-psti/);
      assert.match(await page.locator('main').innerText(), /SI 2025\/1267/);
      await page.goto('/recognition?lang=en');
      const text = await page.locator('main').innerText();
      for (const id of ['S1.1-02', 'S1.1-05', 'S1.1-16', 'PSTI-1', 'PSTI-3']) assert.ok(text.includes(id), id);
    } finally {
      await context.close();
    }
  });

  it('passes axe-core (WCAG 2.1 A and AA) without serious or critical violations', async () => {
    const pages = ['/', `/labels/${validRn}`, `/labels/${revokedRn}`, '/stats', '/stats?lang=en', '/psti', '/recognition', `/labels/${validRn}/uk-psti`, '/no-such-page'];
    const { context, page } = await visitor();
    const problems: string[] = [];
    try {
      for (const url of pages) {
        const res = await page.goto(url);
        assert.equal(res?.status(), url === '/no-such-page' ? 404 : 200, url);
        // Open every folded table so that it is checked too.
        const folded = page.locator('details:not([open]) > summary');
        while ((await folded.count()) > 0) await folded.first().click();
        const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        for (const v of result.violations) {
          const line = `${url}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
          if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
          else console.log(`axe (not failing): ${line}`);
        }
      }
    } finally {
      await context.close();
    }
    if (problems.length) console.log(problems.join('\n'));
    assert.deepEqual(problems, []);
  });

  it('saves screenshots of the home, a product and the statistics at phone and desktop widths', async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shots = [
      { name: 'home', url: '/' },
      { name: 'label', url: `/labels/${validRn}` },
      { name: 'label-revoked', url: `/labels/${revokedRn}` },
      { name: 'stats', url: '/stats' },
    ];
    for (const [size, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      const { context, page } = await visitor(viewport);
      try {
        for (const shot of shots) {
          await page.goto(shot.url);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${shot.name} at ${size}: no sideways scrolling (${overflow}px too wide)`);
          const file = path.join(SCREENSHOT_DIR, `${shot.name}-${size}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.readFileSync(file).subarray(0, 8).equals(PNG_MAGIC), file);
        }
      } finally {
        await context.close();
      }
    }
  });
});
