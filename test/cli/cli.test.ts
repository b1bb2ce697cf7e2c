/** The `hoshi` command as an operator runs it: real processes, a real SQLite file. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { freePort } from '../helpers/ports.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/hoshi.js');

describe('hoshi CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-cli-'));
    env = { ...process.env, DATABASE_URL: path.join(dir, 'db.sqlite'), LOG_LEVEL: 'silent', HOSHI_PASSWORD: 'a long enough password' };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const hoshi = async (...args: string[]) => JSON.parse((await run(process.execPath, [BIN, ...args], { env })).stdout);

  it('migrates, adds a vendor, users and a token, and acts as a user', async () => {
    const migrated = await hoshi('migrate');
    assert.deepEqual(migrated.applied, Object.keys(MIGRATIONS), 'every migration, in order');
    assert.deepEqual((await hoshi('migrate')).applied, [], 'idempotent');
    const vendor = await hoshi('vendors', 'add', '--name-ja', '株式会社テスト', '--name-en', 'Test K.K.', '--address', '東京都', '--country', 'JP', '--corporate-number', '７０００-０１２０-５０００２');
    assert.equal(vendor.corporateNumber, '7000012050002', 'full-width digits and hyphens normalised');
    const user = await hoshi('users', 'add', '--email', 'Reviewer@IPA.test', '--role', 'reviewer');
    assert.equal(user.email, 'reviewer@ipa.test');
    assert.ok(user.password.length >= 12, 'a generated password is printed once');
    const vendorUser = await hoshi('users', 'add', '--email', 'v@test.example', '--role', 'vendor_admin', '--vendor', vendor.id, '--password-env', 'HOSHI_PASSWORD');
    assert.equal(vendorUser.password, undefined);
    const token = await hoshi('tokens', 'create', '--email', 'reviewer@ipa.test', '--name', 'bot');
    assert.match(token.token, /^hoshi_[A-Za-z0-9_-]{43}$/);
    const list = await hoshi('applications', 'list', '--as', 'v@test.example');
    assert.deepEqual(list, []);
    const labels = await hoshi('labels', 'list');
    assert.equal(labels.total, 0);
    assert.deepEqual(await hoshi('labels', 'search-statistics'), { rebuilt: false }, 'SQLite counts its trigrams itself');
  });

  it('reports domain errors with their code and exits 1', async () => {
    await assert.rejects(
      run(process.execPath, [BIN, 'vendors', 'add', '--name-ja', 'x', '--name-en', 'x', '--address', 'x', '--country', 'JP', '--corporate-number', '1234567890123'], { env }),
      (error: { code: number; stderr: string }) => error.code === 1 && /VALIDATION_FAILED/.test(error.stderr) && /\/corporateNumber: corporate number check digit does not match/.test(error.stderr),
    );
    await assert.rejects(
      run(process.execPath, [BIN, 'labels', 'revoke', 'JS1-2026-000001-0', '--reason', 'x', '--as', 'v@test.example'], { env }),
      (error: { code: number; stderr: string }) => error.code === 1 && /FORBIDDEN/.test(error.stderr),
    );
  });

  it('names every bad environment variable at start-up', async () => {
    await assert.rejects(
      run(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x', LOG_LEVEL: 'loud' } }),
      (error: { code: number; stderr: string }) =>
        error.code === 1 && /PORT="eighty"/.test(error.stderr) && /PUBLIC_BASE_URL/.test(error.stderr) && /LOG_LEVEL/.test(error.stderr),
    );
  });

  it('stops start-up on a broken catalogue, naming the file and field', async () => {
    const catalog = path.join(dir, 'catalog');
    fs.cpSync(path.resolve(import.meta.dirname, '../../catalog'), catalog, { recursive: true });
    const file = path.join(catalog, 'schemes', 'jc-star.json');
    const scheme = JSON.parse(fs.readFileSync(file, 'utf8'));
    scheme.levels[0].validityMonths = 'two years';
    fs.writeFileSync(file, JSON.stringify(scheme));
    await assert.rejects(
      run(process.execPath, [BIN, 'serve'], { env: { ...env, CATALOG_DIR: catalog } }),
      (error: { code: number; stderr: string }) => error.code === 1 && /jc-star\.json: \/levels\/0\/validityMonths/.test(error.stderr),
    );
  });

  it('serves without seeding in production mode', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: String(port), DATABASE_URL: path.join(dir, 'prod.sqlite') } });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('hoshi registry on') && resolve());
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });
      const labels = await (await fetch(`http://127.0.0.1:${port}/api/v1/labels`)).json();
      assert.equal(labels.total, 0, 'no demo data');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
