/**
 * The bundle that `npm run build` makes runs the real server: the demo loads (argon2, pdfkit, the
 * CSAF validator), pages find their stylesheet and the catalogue, label artwork renders (resvg and
 * the font), and the PSTI statement PDF is made. bin/hoshi.js runs a bundle only while its stamp
 * matches the sources.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sourceStamp } from '../../bin/bundle-stamp.js';
import { freePort } from '../helpers/ports.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');


describe('bundled server (dist)', () => {
  // One level below the root, like dist/, so the bundle finds catalog/ and public/ the same way.
  const outDir = path.join(ROOT, `.bundle-test-${process.pid}`);
  const bundle = path.join(outDir, 'hoshi.mjs');
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-bundle-'));
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--outfile', bundle]);
  });
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the demo registry', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bundle, 'serve', '--demo'], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: path.join(dataDir, 'demo.sqlite'), SIGNING_KEY_DIR: path.join(dataDir, 'keys'), ATTACHMENT_DIR: path.join(dataDir, 'files'), JOBS: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => c.toString().includes('hoshi registry on') && resolve());
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok', database: 'ok' });
      const list = await (await fetch(`${base}/api/v1/labels?limit=50`)).json();
      assert.ok(list.total > 10, 'demo labels loaded');
      const rn = list.items.find((l: { level: number; status: string }) => l.level === 1 && l.status === 'valid').registrationNumber as string;
      const page = await fetch(`${base}/labels/${rn}?lang=en`);
      assert.equal(page.status, 200);
      const css = (await page.text()).match(/href="(\/assets\/site\.css[^"]*)"/)?.[1];
      assert.ok(css, 'the page links its stylesheet');
      assert.match(await (await fetch(`${base}${css.replaceAll('&amp;', '&')}`)).text(), /--color-/);
      const png = Buffer.from(await (await fetch(`${base}/labels/${rn}/label.png`)).arrayBuffer());
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      const psti = (await (await fetch(`${base}/api/v1/labels?ukPsti=true&limit=1`)).json()).items[0];
      const pdf = await fetch(`${base}/labels/${psti.registrationNumber}/uk-psti.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
      assert.equal(stderr, '', 'nothing on stderr');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('stamps the sources: a changed file changes the stamp', () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-stamp-'));
    try {
      fs.mkdirSync(path.join(tree, 'src', 'app'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'src', 'app', 'a.ts'), 'export const a = 1;\n');
      fs.writeFileSync(path.join(tree, 'package-lock.json'), '{}\n');
      const first = sourceStamp(tree);
      assert.equal(sourceStamp(tree), first, 'stable');
      fs.writeFileSync(path.join(tree, 'src', 'app', 'a.ts'), 'export const a = 22;\n');
      assert.notEqual(sourceStamp(tree), first, 'an edit');
      const second = sourceStamp(tree);
      fs.writeFileSync(path.join(tree, 'src', 'b.ts'), '');
      assert.notEqual(sourceStamp(tree), second, 'a new file');
      const third = sourceStamp(tree);
      fs.writeFileSync(path.join(tree, 'package-lock.json'), '{"a":1}\n');
      assert.notEqual(sourceStamp(tree), third, 'a dependency change');
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
