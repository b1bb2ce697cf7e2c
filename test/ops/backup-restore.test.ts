/**
 * `hoshi backup` and `hoshi restore` on SQLite and PostgreSQL: a demo registry is backed up while
 * its instance is open, restored into an empty database, and every public record (each list
 * page, each label's JSON, the log's entries and signed checkpoint, the keys) must come back
 * byte for byte, and an attachment's file with it. Restores refuse a database with data unless
 * forced, and warn when the signing keys or attachment files were not restored beside it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { changeLabelStatus } from '../../src/app/labels/change-label-status.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { databaseIsEmpty } from '../../src/ops/backup.ts';
import { uploadAttachment } from '../../src/app/attachments/upload-attachment.ts';
import { readAttachment } from '../../src/app/attachments/list-attachments.ts';
import { actorOf } from '../../src/app/users/user-view.ts';
import type { Actor } from '../../src/app/context.ts';
import { makePdf } from '../portal/files.ts';
import { openNote, parseCheckpoint } from '../../src/transparency/index.ts';
import { trustedKeysFromJwks } from '../../src/verify/keys.ts';
import { DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { hoshi, openInstance, type Instance } from './instance.ts';

/** Everything the registry publishes about its labels and log, as the bytes it serves. */
async function publicRecords(instance: Instance): Promise<Record<string, string>> {
  const get = async (url: string) => {
    const res = await instance.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.body;
  };
  const records: Record<string, string> = {};
  const numbers: string[] = [];
  for (const sort of ['newest', 'registration']) {
    let cursor: string | null = null;
    let page = 0;
    do {
      const url = `/api/v1/labels?limit=7&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = await get(url);
      records[`labels ${sort} page ${page++}`] = body;
      const json = JSON.parse(body) as { items: Array<{ registrationNumber: string }>; nextCursor: string | null };
      if (sort === 'newest') numbers.push(...json.items.map((i) => i.registrationNumber));
      cursor = json.nextCursor;
    } while (cursor);
  }
  for (const rn of numbers) records[`label ${rn}`] = await get(`/api/v1/labels/${rn}`);
  const checkpoint = await get('/api/v1/log/checkpoint');
  records.checkpoint = checkpoint;
  const jwks = await get('/.well-known/jwks.json');
  records.jwks = jwks;
  const size = parseCheckpoint(openNote(checkpoint, trustedKeysFromJwks(jwks).notes).text).size;
  records.entries = await get(`/api/v1/log/entries?start=0&end=${size}`);
  records.labelCount = String(numbers.length);
  return records;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: hoshi backup and restore`, { skip: dialect.skip }, () => {
    const databases: TestDatabase[] = [];
    let dir: string;
    let source: Instance;
    let sourceKeys: string;
    let sourceFiles: string;
    let expected: Record<string, string>;
    let attachment: { applicationId: string; id: string; actor: Actor; content: Buffer };
    const newDatabase = async () => {
      const db = await dialect.create();
      databases.push(db);
      return db.url;
    };

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-backup-'));
      sourceKeys = path.join(dir, 'source-keys');
      sourceFiles = path.join(dir, 'source-attachments');
      source = await openInstance(await newDatabase(), sourceKeys, sourceFiles);
      await seedDemo(source.ctx);
      // An evidence PDF on a draft, uploaded as the vendor's admin would.
      const draft = await source.ctx.db.selectFrom('applications').select(['id', 'vendor_id']).where('status', '=', 'draft').executeTakeFirstOrThrow();
      const owner = await source.ctx.db.selectFrom('users').selectAll().where('vendor_id', '=', draft.vendor_id).where('role', '=', 'vendor_admin').executeTakeFirstOrThrow();
      const content = await makePdf('Backup test evidence');
      const uploaded = await uploadAttachment(source.ctx, actorOf(owner), draft.id, { fileName: 'evidence.pdf', content });
      attachment = { applicationId: draft.id, id: uploaded.id, actor: actorOf(owner), content };
      // Reading the checkpoint signs and stores it, as any visitor's read does in production.
      expected = await publicRecords(source);
      assert.ok(Number(expected.labelCount) >= 30, `the demo registry has ${expected.labelCount} labels`);
    });
    after(async () => {
      await source?.close();
      for (const db of databases) await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('backs up online, restores into an empty database, and every public record is identical', async () => {
      const file = path.join(dir, 'registry.backup');
      const backup = await hoshi({ DATABASE_URL: sourceUrl(), SIGNING_KEY_DIR: sourceKeys, ATTACHMENT_DIR: sourceFiles }, 'backup', file);
      assert.equal(backup.code, 0, backup.stderr);
      assert.equal(JSON.parse(backup.stdout).kind, dialect.name);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the backup is readable by its owner only');
      const again = await hoshi({ DATABASE_URL: sourceUrl(), SIGNING_KEY_DIR: sourceKeys }, 'backup', file);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /exists/);

      // The key directory and the attachment files have their own copies; restoring them is a file copy.
      const targetKeys = path.join(dir, 'target-keys');
      const targetFiles = path.join(dir, 'target-attachments');
      fs.cpSync(sourceKeys, targetKeys, { recursive: true });
      fs.cpSync(sourceFiles, targetFiles, { recursive: true });
      const targetUrl = await newDatabase();
      const restore = await hoshi({ DATABASE_URL: targetUrl, SIGNING_KEY_DIR: targetKeys, ATTACHMENT_DIR: targetFiles }, 'restore', file);
      assert.equal(restore.code, 0, restore.stderr);
      const result = JSON.parse(restore.stdout);
      assert.equal(result.labels, Number(expected.labelCount));
      assert.equal(result.signingKeys.status, 'ok', result.signingKeys.detail);
      assert.deepEqual([result.attachments.status, result.attachments.files], ['ok', 1], result.attachments.detail);

      const target = await openInstance(targetUrl, targetKeys, targetFiles);
      try {
        const read = await readAttachment(target.ctx, attachment.actor, attachment.applicationId, attachment.id);
        assert.deepEqual(read.content, attachment.content, 'the attachment comes back with its file');
        const actual = await publicRecords(target);
        assert.deepEqual(Object.keys(actual), Object.keys(expected));
        for (const key of Object.keys(expected)) assert.equal(actual[key], expected[key], key);
        assert.deepEqual(await databaseState(target.ctx), await databaseState(source.ctx), 'every table has the same rows');
      } finally {
        await target.close();
      }

      // A second restore into the now populated database is refused and changes nothing …
      const refused = await hoshi({ DATABASE_URL: targetUrl, SIGNING_KEY_DIR: targetKeys, ATTACHMENT_DIR: targetFiles }, 'restore', file);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /holds data.*--force/);

      // … and with --force (servers stopped) it replaces changes made since.
      const changed = await openInstance(targetUrl, targetKeys);
      const rn = JSON.parse(expected['labels newest page 0']!).items.find((i: { status: string }) => i.status === 'valid').registrationNumber;
      await changeLabelStatus(changed.ctx, SYSTEM_ACTOR, rn, 'revoke', 'changed after the backup');
      assert.notEqual((await publicRecords(changed))[`label ${rn}`], expected[`label ${rn}`]);
      await changed.close();
      const forced = await hoshi({ DATABASE_URL: targetUrl, SIGNING_KEY_DIR: targetKeys, ATTACHMENT_DIR: targetFiles }, 'restore', '--force', file);
      assert.equal(forced.code, 0, forced.stderr);
      const replaced = await openInstance(targetUrl, targetKeys);
      try {
        assert.deepEqual(await publicRecords(replaced), expected);
        assert.deepEqual(await databaseState(replaced.ctx), await databaseState(source.ctx));
      } finally {
        await replaced.close();
      }
    });

    it('warns, and creates no key, when the signing keys and attachment files were not restored', async () => {
      const file = path.join(dir, 'second.backup');
      assert.equal((await hoshi({ DATABASE_URL: sourceUrl(), SIGNING_KEY_DIR: sourceKeys }, 'backup', file)).code, 0);
      const emptyKeys = path.join(dir, 'no-keys');
      const restore = await hoshi({ DATABASE_URL: await newDatabase(), SIGNING_KEY_DIR: emptyKeys, ATTACHMENT_DIR: path.join(dir, 'no-files') }, 'restore', file);
      assert.equal(restore.code, 0, restore.stderr);
      const result = JSON.parse(restore.stdout);
      assert.equal(result.signingKeys.status, 'missing');
      assert.equal(result.attachments.status, 'missing');
      assert.match(restore.stderr, /WARNING: no key in .* verifies the restored log/);
      assert.match(restore.stderr, /WARNING: 1 of 1 attachment files are not in/);
      assert.equal(fs.existsSync(emptyKeys), false, 'restore never creates a signing key');
    });

    it('refuses a backup of the other database kind and a damaged file', async () => {
      const foreign = path.join(dir, 'foreign.backup');
      fs.writeFileSync(foreign, dialect.name === 'sqlite' ? 'PGDMP\u0001\u000e\u0000' : 'SQLite format 3\u0000');
      const wrongKind = await hoshi({ DATABASE_URL: await newDatabase(), SIGNING_KEY_DIR: path.join(dir, 'k') }, 'restore', foreign);
      assert.equal(wrongKind.code, 1);
      assert.match(wrongKind.stderr, /backup, but DATABASE_URL selects/);
      const file = path.join(dir, 'truncated.backup');
      const whole = path.join(dir, 'whole.backup');
      assert.equal((await hoshi({ DATABASE_URL: sourceUrl(), SIGNING_KEY_DIR: sourceKeys }, 'backup', whole)).code, 0);
      const bytes = fs.readFileSync(whole);
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const targetUrl = await newDatabase();
      const damaged = await hoshi({ DATABASE_URL: targetUrl, SIGNING_KEY_DIR: path.join(dir, 'k') }, 'restore', file);
      assert.equal(damaged.code, 1, damaged.stdout);
      assert.match(damaged.stderr, dialect.name === 'sqlite' ? /fails SQLite's integrity check/ : /pg_restore failed/);
      assert.doesNotMatch(damaged.stderr, /\n\s+at /, 'an operator message, not a stack trace');
      assert.equal(await databaseIsEmpty(targetUrl), true, 'a damaged backup leaves the target empty');
    });

    function sourceUrl(): string {
      return databases[0]!.url;
    }
  });
}
