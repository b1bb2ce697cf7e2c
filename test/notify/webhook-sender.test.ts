/**
 * The webhook sender against a real loopback receiver that verifies every request with the
 * standardwebhooks library, as a subscriber would. Tampered requests must fail that check.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';
import { newWebhookSecret, sendWebhook, WEBHOOK_USER_AGENT } from '../../src/notify/webhook-sender.ts';

const settings = { ...DEFAULT_NOTIFY_SETTINGS, webhookAllowPrivate: true, webhookAllowHttp: true, webhookTimeoutMs: 2_000 };
const SECRET = newWebhookSecret();

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

describe('webhook sender', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        try {
          new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        seen.push({ path: req.url ?? '', headers: req.headers, body, verified });
        if (req.url === '/hang') return; // never answers
        if (req.url === '/redirect') return res.writeHead(302, { location: '/elsewhere' }).end();
        if (req.url === '/large') return res.writeHead(500, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
        if (!verified) return res.writeHead(401).end('bad signature');
        res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const body = JSON.stringify({ type: 'label.revoked', timestamp: '2026-11-25T03:00:00.000Z', data: { registrationNumber: 'JS1-2026-000001-5' } });

  it('new secrets are whsec_ + base64 of 32 random bytes', () => {
    const a = newWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(a.slice(6), 'base64').length, 32);
    assert.notEqual(a, newWebhookSecret());
  });

  it('sends a signed JSON POST that the receiver verifies', async () => {
    const result = await sendWebhook({ url: `${base}/hook`, secret: SECRET, msgId: 'msg_a1', timestamp: new Date(), body }, settings);
    assert.equal(result.ok, true);
    assert.equal(result.statusCode, 200);
    assert.equal(result.error, null);
    assert.equal(result.snippet, 'thanks');
    assert.ok(result.durationMs >= 0);
    const request = seen.at(-1)!;
    assert.equal(request.verified, true);
    assert.equal(request.body, body);
    assert.equal(request.headers['webhook-id'], 'msg_a1');
    assert.equal(request.headers['user-agent'], WEBHOOK_USER_AGENT);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/=]+$/);
  });

  it('tampered body, signature or id fail verification and the receiver rejects them', async () => {
    await sendWebhook({ url: `${base}/hook`, secret: SECRET, msgId: 'msg_a2', timestamp: new Date(), body }, settings);
    const original = seen.at(-1)!;
    assert.equal(original.verified, true);
    const headers = {
      'webhook-id': String(original.headers['webhook-id']),
      'webhook-timestamp': String(original.headers['webhook-timestamp']),
      'webhook-signature': String(original.headers['webhook-signature']),
    };
    const sig = headers['webhook-signature'];
    const flipped = sig.slice(0, -3) + (sig.at(-3) === 'A' ? 'B' : 'A') + sig.slice(-2);
    const variants = [
      { headers, body: original.body.replace('JS1-2026-000001-5', 'JS1-2026-000002-3') },
      { headers: { ...headers, 'webhook-signature': flipped }, body: original.body },
      { headers: { ...headers, 'webhook-id': 'msg_other' }, body: original.body },
      { headers: { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) }, body: original.body },
    ];
    for (const v of variants) {
      assert.throws(() => new Webhook(SECRET).verify(v.body, v.headers), /signature/i);
      const response = await fetch(`${base}/hook`, { method: 'POST', headers: { ...v.headers, 'content-type': 'application/json' }, body: v.body });
      assert.equal(response.status, 401);
      assert.equal(seen.at(-1)!.verified, false);
    }
    // The untouched request still verifies: the check above is not failing for another reason.
    const response = await fetch(`${base}/hook`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: original.body });
    assert.equal(response.status, 200);
  });

  it('a message signed with another secret is rejected (401 is a failed attempt)', async () => {
    const result = await sendWebhook({ url: `${base}/hook`, secret: newWebhookSecret(), msgId: 'msg_a3', timestamp: new Date(), body }, settings);
    assert.equal(result.ok, false);
    assert.equal(result.statusCode, 401);
    assert.equal(result.snippet, 'bad signature');
  });

  it('does not follow redirects', async () => {
    const count = seen.length;
    const result = await sendWebhook({ url: `${base}/redirect`, secret: SECRET, msgId: 'msg_r', timestamp: new Date(), body }, settings);
    assert.equal(result.ok, false);
    assert.equal(result.statusCode, 302);
    assert.equal(seen.length, count + 1);
    assert.ok(!seen.some((s) => s.path === '/elsewhere'));
  });

  it('keeps only the first 512 bytes of the answer', async () => {
    const result = await sendWebhook({ url: `${base}/large`, secret: SECRET, msgId: 'msg_l', timestamp: new Date(), body }, settings);
    assert.equal(result.statusCode, 500);
    assert.equal(result.snippet, 'x'.repeat(512));
  });

  it('gives up at the timeout', async () => {
    const result = await sendWebhook({ url: `${base}/hang`, secret: SECRET, msgId: 'msg_t', timestamp: new Date(), body }, { ...settings, webhookTimeoutMs: 300 });
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /timed out after 300 ms/);
    assert.ok(result.durationMs >= 290 && result.durationMs < 2_000, String(result.durationMs));
  });

  it('reports a refused connection as an error without a status', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await sendWebhook({ url: `http://127.0.0.1:${port}/`, secret: SECRET, msgId: 'msg_c', timestamp: new Date(), body }, settings);
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /ECONNREFUSED/);
  });
});
