/**
 * The verifiable registry end to end, on SQLite and PostgreSQL: every public label event lands in
 * the log; receipts, proofs, tiles and the snapshot verify offline with only the published keys;
 * and every kind of tampering is caught by the verifier and the monitor.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet } from 'jose';
import { exportTiles } from '../../src/app/transparency/export-tiles.ts';
import { checkRecord, checkTree, formatCheckpoint, leafHash, openNote, parseCheckpoint, parseEntryBundle, formatEntryBundle, signNote, verifierKey, entriesPath } from '../../src/transparency/index.ts';
import { trustedKeysFromJwks, type TrustedKeys } from '../../src/verify/keys.ts';
import { monitorOnce } from '../../src/verify/monitor.ts';
import { verifyReceipt } from '../../src/verify/verify-receipt.ts';
import { verifySnapshot } from '../../src/verify/verify-snapshot.ts';
import { directoryTileSource, verifyTiles } from '../../src/verify/verify-tiles.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { LOG_ORIGIN, startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';

const b = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: transparency log and offline verification`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let keys: TrustedKeys;
    let dir: string;
    const rns: string[] = [];

    const api = (method: string, url: string, auth?: object, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });

    const issue = async (models: string[]) => (await issueLabelThroughApi(t, p, { modelNumbers: models })).registrationNumber;

    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-tiles-'));
      for (let i = 0; i < 4; i++) {
        rns.push(await issue([`TL-${i}-A`, `TL-${i}-B`]));
        t.clock.advanceDays(1);
      }
      await api('POST', `/api/v1/labels/${rns[1]}/suspend`, p.reviewer.auth, { reason: 'inquiry' });
      t.clock.advanceDays(1);
      await api('POST', `/api/v1/labels/${rns[2]}/revoke`, p.reviewer.auth, { reason: 'nonconformity' });
      const productId = (await t.ctx.db.selectFrom('labels').select('product_id').where('registration_number', '=', rns[3]!).executeTakeFirstOrThrow()).product_id;
      await api('PATCH', `/api/v1/products/${productId}`, p.vendorA.auth, { supportEndsOn: '2031-03-31' });
      keys = trustedKeysFromJwks((await api('GET', '/.well-known/jwks.json')).body);
    });
    after(async () => {
      await t?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('logs every public label event, in order, as canonical JSON without personal data', async () => {
      const entries = (await api('GET', '/api/v1/log/entries?start=0&end=100')).json();
      assert.deepEqual(entries.map((e: { leaf: string }) => JSON.parse(e.leaf).type), [
        'label.issued', 'label.issued', 'label.issued', 'label.issued', 'label.suspended', 'label.revoked', 'label.support_period_changed',
      ]);
      for (const e of entries) {
        assert.equal(e.leaf, JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(e.leaf)).sort(([a], [b]) => (a < b ? -1 : 1)))), 'keys sorted (RFC 8785)');
        assert.doesNotMatch(e.leaf, /@|userId|actor|email/i);
      }
      const checkpoint = parseCheckpoint(openNote((await api('GET', '/api/v1/log/checkpoint')).body, keys.notes).text);
      assert.equal(checkpoint.origin, LOG_ORIGIN);
      assert.equal(checkpoint.size, 7);
    });

    it('serves inclusion and consistency proofs that verify against signed checkpoints', async () => {
      const cp = parseCheckpoint(openNote((await api('GET', '/api/v1/log/checkpoint')).body, keys.notes).text);
      const entries = (await api('GET', '/api/v1/log/entries?start=0&end=7')).json();
      for (let i = 0; i < cp.size; i++) {
        const proof = (await api('GET', `/api/v1/log/proof/inclusion?index=${i}`)).json();
        assert.ok(checkRecord(proof.proof.map(b), cp.size, cp.rootHash, i, leafHash(new TextEncoder().encode(entries[i].leaf))), `leaf ${i}`);
      }
      const older = (await t.ctx.db.selectFrom('log_checkpoints').selectAll().where('size', '<', cp.size).orderBy('size', 'desc').executeTakeFirst());
      if (older) {
        const proof = (await api('GET', `/api/v1/log/proof/consistency?from=${older.size}&to=${cp.size}`)).json();
        assert.ok(checkTree(proof.proof.map(b), cp.size, cp.rootHash, older.size, b(older.root_hash)));
      }
      assert.equal((await api('GET', '/api/v1/log/proof/inclusion?index=7')).statusCode, 400);
    });

    it("verifies a label's receipt offline, and rejects an edited label or leaf", async () => {
      const label = (await api('GET', `/api/v1/labels/${rns[1]}`)).json();
      assert.equal(label.status, 'suspended');
      const ok = verifyReceipt(label, keys.notes);
      assert.equal(ok.ok, true, ok.problems.join('; '));
      assert.equal(verifyReceipt({ ...label, status: 'valid' }, keys.notes).ok, false, 'status edited');
      assert.equal(verifyReceipt({ ...label, expiresAt: '2099-01-01T00:00:00.000Z' }, keys.notes).ok, false, 'expiry edited');
      const leaf = label.receipt.leaf.replace('"suspended"', '"valid"');
      const forged = verifyReceipt({ ...label, status: 'valid', receipt: { ...label.receipt, leaf } }, keys.notes);
      assert.equal(forged.ok, false);
      assert.match(forged.problems.join(), /inclusion proof/);
    });

    it('signs a snapshot that an independent JOSE library verifies with only the published key', async () => {
      const res = await api('GET', '/api/v1/snapshot');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/jose');
      const jwks = JSON.parse((await api('GET', '/.well-known/jwks.json')).body);
      const { payload, protectedHeader } = await compactVerify(res.body, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
      const body = JSON.parse(new TextDecoder().decode(payload));
      assert.equal(protectedHeader.alg, 'EdDSA');
      assert.equal(body.serial, 7);
      assert.equal(body.labels.length, 4);
      assert.deepEqual(body.labels.map((l: { status: string }) => l.status).sort(), ['revoked', 'suspended', 'valid', 'valid']);
      assert.equal((await verifySnapshot(res.body, keys)).ok, true);
      const again = await api('GET', '/api/v1/snapshot', { 'if-none-match': res.headers.etag as string });
      assert.equal(again.statusCode, 304);
      const tampered = res.body.replace(/\.([^.]+)\./, (_m, p: string) => `.${Buffer.from(Buffer.from(p, 'base64url').toString().replace('"revoked"', '"valid"')).toString('base64url')}.`);
      assert.equal((await verifySnapshot(tampered, keys)).ok, false);
    });

    it('exports tiles that verify offline and replay the snapshot statuses', async () => {
      const exported = await exportTiles(t.ctx, dir);
      assert.equal(exported.size, 7);
      const snapshot = await verifySnapshot((await api('GET', '/api/v1/snapshot')).body, keys);
      const result = verifyTiles(directoryTileSource(dir), keys.notes, { snapshot: snapshot.payload! });
      assert.equal(result.ok, true, result.problems.join('; '));
      const served = await api('GET', '/api/v1/log/tile/entries/000.p/7');
      assert.deepEqual(new Uint8Array(served.rawPayload), new Uint8Array(fs.readFileSync(path.join(dir, entriesPath(0, 7)))));
    });

    it('detects a changed byte, a dropped entry, reordered entries, a forked checkpoint and a replaced key', async () => {
      const bundleFile = path.join(dir, entriesPath(0, 7));
      const original = fs.readFileSync(bundleFile);
      const entries = parseEntryBundle(new Uint8Array(original));
      const withBundle = (bundle: Uint8Array) => {
        fs.writeFileSync(bundleFile, bundle);
        const result = verifyTiles(directoryTileSource(dir), keys.notes);
        fs.writeFileSync(bundleFile, original);
        return result;
      };
      const flipped = new Uint8Array(original);
      flipped[10] = flipped[10]! ^ 1;
      assert.match(withBundle(flipped).problems.join(), /entry \d+ is not the leaf/);
      assert.match(withBundle(formatEntryBundle(entries.slice(1))).problems.join(), /holds 6 entries/);
      assert.match(withBundle(formatEntryBundle([entries[1]!, entries[0]!, ...entries.slice(2)])).problems.join(), /not the leaf/);

      // A checkpoint signed with the registry key but naming another root (a fork).
      const key = t.ctx.keys.current();
      const fork = signNote(formatCheckpoint({ origin: LOG_ORIGIN, size: 7, rootHash: crypto.randomBytes(32) }), [{ name: LOG_ORIGIN, privateKey: key.privateKey }]);
      const cpFile = path.join(dir, 'checkpoint');
      const realCheckpoint = fs.readFileSync(cpFile, 'utf8');
      fs.writeFileSync(cpFile, fork);
      assert.match(verifyTiles(directoryTileSource(dir), keys.notes).problems.join(), /do not hash to the signed root/);
      fs.writeFileSync(cpFile, realCheckpoint);
      const olderFork = signNote(formatCheckpoint({ origin: LOG_ORIGIN, size: 3, rootHash: crypto.randomBytes(32) }), [{ name: LOG_ORIGIN, privateKey: key.privateKey }]);
      assert.match(verifyTiles(directoryTileSource(dir), keys.notes, { previousCheckpoint: olderFork }).problems.join(), /forked or rewritten/);

      // Someone else's key.
      const other = crypto.generateKeyPairSync('ed25519');
      const otherRaw = new Uint8Array(Buffer.from((other.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url'));
      const foreign = trustedKeysFromJwks(JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '', kid: 'x', noteVerifierKey: verifierKey(LOG_ORIGIN, otherRaw) }] }));
      assert.match(verifyTiles(directoryTileSource(dir), foreign.notes).problems.join(), /checkpoint/);
      assert.equal(verifyReceipt((await api('GET', `/api/v1/labels/${rns[0]}`)).json(), foreign.notes).ok, false);
      assert.equal(verifyTiles(directoryTileSource(dir), keys.notes).ok, true, 'untouched copy still verifies');
    });

    it('monitors the log: follows growth, alarms on fork, rollback and a replaced key', async () => {
      const fetchFn = async (url: string) => {
        const res = await t.app.inject({ method: 'GET', url: url.replace('https://registry.test', '') });
        return { ok: res.statusCode < 400, status: res.statusCode, text: async () => res.body };
      };
      const first = await monitorOnce('https://registry.test', keys.notes, undefined, fetchFn);
      assert.deepEqual(first.alarms, []);
      await api('POST', `/api/v1/labels/${rns[1]}/reinstate`, p.reviewer.auth, { reason: 'inquiry closed' });
      const grown = await monitorOnce('https://registry.test', keys.notes, first.state, fetchFn);
      assert.deepEqual(grown.alarms, []);
      assert.equal(grown.state!.size, 8);

      const key = t.ctx.keys.current();
      const serve = (note: string) => async (url: string) =>
        url.endsWith('/checkpoint') ? { ok: true, status: 200, text: async () => note } : fetchFn(url);
      const forked = signNote(formatCheckpoint({ origin: LOG_ORIGIN, size: 8, rootHash: crypto.randomBytes(32) }), [{ name: LOG_ORIGIN, privateKey: key.privateKey }]);
      assert.match((await monitorOnce('https://registry.test', keys.notes, grown.state, serve(forked))).alarms.join(), /fork/);
      const rolledBack = (await t.ctx.db.selectFrom('log_checkpoints').select('note').where('size', '=', 7).executeTakeFirstOrThrow()).note;
      assert.match((await monitorOnce('https://registry.test', keys.notes, grown.state, serve(rolledBack))).alarms.join(), /shrank/);
      await api('POST', `/api/v1/labels/${rns[0]}/suspend`, p.reviewer.auth, { reason: 'check' });
      await api('POST', `/api/v1/labels/${rns[0]}/reinstate`, p.reviewer.auth, { reason: 'checked' });
      // A checkpoint of the real next size whose root is not the real log's: history was rewritten.
      const rewritten = signNote(formatCheckpoint({ origin: LOG_ORIGIN, size: 9, rootHash: crypto.randomBytes(32) }), [{ name: LOG_ORIGIN, privateKey: key.privateKey }]);
      assert.match((await monitorOnce('https://registry.test', keys.notes, grown.state, serve(rewritten))).alarms.join(), /does not extend/);
      const stranger = crypto.generateKeyPairSync('ed25519');
      const byStranger = signNote(formatCheckpoint({ origin: LOG_ORIGIN, size: 8, rootHash: b(grown.state!.rootHash) }), [{ name: LOG_ORIGIN, privateKey: stranger.privateKey }]);
      assert.match((await monitorOnce('https://registry.test', keys.notes, grown.state, serve(byStranger))).alarms.join(), /pinned key/);
    });

    it('rotates the signing key: new checkpoints use it, old receipts still verify with the published keys', async () => {
      const oldReceiptLabel = (await api('GET', `/api/v1/labels/${rns[0]}`)).json();
      const before = t.ctx.keys.current().kid;
      await t.ctx.keys.rotate(t.clock.now());
      await api('POST', `/api/v1/labels/${rns[3]}/suspend`, p.reviewer.auth, { reason: 'check' });
      const jwks = JSON.parse((await api('GET', '/.well-known/jwks.json')).body);
      assert.equal(jwks.keys.length, 2);
      assert.equal(jwks.keys.find((k: { kid: string }) => k.kid === before).validUntil, t.clock.now().toISOString());
      const rotated = trustedKeysFromJwks(JSON.stringify(jwks));
      assert.equal(verifyReceipt(oldReceiptLabel, rotated.notes).ok, true);
      const fresh = (await api('GET', `/api/v1/labels/${rns[3]}`)).json();
      assert.equal(fresh.status, 'suspended');
      assert.equal(verifyReceipt(fresh, rotated.notes).ok, true);
      assert.equal(verifyReceipt(fresh, keys.notes).ok, false, 'the old key alone cannot vouch for the new checkpoint');
    });
  });
}
