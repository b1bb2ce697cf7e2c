/**
 * The webhook address check: https only, no credentials, every resolved address public unicast;
 * private targets allowed only when configured. The connect-time lookup is tested against a
 * real loopback listener, which must see no request when the lookup refuses.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';
import { checkWebhookUrl, nonPublicReason, type Resolver } from '../../src/notify/ssrf-guard.ts';
import { sendWebhook } from '../../src/notify/webhook-sender.ts';

const strict = { ...DEFAULT_NOTIFY_SETTINGS };
const permissive = { ...DEFAULT_NOTIFY_SETTINGS, webhookAllowPrivate: true, webhookAllowHttp: true };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'WEBHOOK_URL_REFUSED', String(error));
    return (error as Error).message;
  }
  assert.fail('expected WEBHOOK_URL_REFUSED');
}

describe('webhook URL check', () => {
  const privateTargets = [
    'https://127.0.0.1/hook',
    'https://localhost/hook',
    'https://10.0.0.1/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://100.64.0.1/hook',
    'https://0.0.0.0/hook',
    'https://172.16.5.4/', 'https://192.168.1.1/', 'https://224.0.0.1/', 'https://255.255.255.255/',
    'https://192.0.2.10/', 'https://[fe80::1]/', 'https://[fc00::1]/', 'https://[ff02::1]/', 'https://[::]/',
    'https://2130706433/', 'https://0x7f.1/', // 127.0.0.1 in other spellings
    'https://[64:ff9b::7f00:1]/', // NAT64 carrying 127.0.0.1
    'https://[2002:a00:1::1]/', // 6to4 carrying 10.0.0.1
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', // Teredo
  ];

  for (const url of privateTargets) {
    it(`refuses ${url} by default, allows it with webhookAllowPrivate`, async () => {
      const reason = await refusal(checkWebhookUrl(url, strict));
      assert.match(reason, /not a public address/);
      const allowed = await checkWebhookUrl(url, { ...strict, webhookAllowPrivate: true });
      assert.ok(allowed.addresses.length > 0);
    });
  }

  it('accepts public addresses, including NAT64 and IPv4-mapped forms of public IPv4', async () => {
    for (const url of ['https://93.184.215.14/hook', 'https://[2606:4700:4700::1111]/', 'https://[64:ff9b::808:808]/', 'https://[::ffff:8.8.8.8]/']) {
      const { addresses } = await checkWebhookUrl(url, strict);
      assert.equal(addresses.length, 1, url);
    }
  });

  it('refuses http unless webhookAllowHttp, other schemes always', async () => {
    assert.match(await refusal(checkWebhookUrl('http://93.184.215.14/hook', strict)), /https/);
    await checkWebhookUrl('http://93.184.215.14/hook', { ...strict, webhookAllowHttp: true });
    await refusal(checkWebhookUrl('ftp://93.184.215.14/hook', permissive));
    await refusal(checkWebhookUrl('file:///etc/passwd', permissive));
    await refusal(checkWebhookUrl('not a url', permissive));
  });

  it('refuses credentials in the URL', async () => {
    assert.match(await refusal(checkWebhookUrl('https://user:secret@93.184.215.14/hook', permissive)), /credentials/);
    await refusal(checkWebhookUrl('https://user@93.184.215.14/hook', permissive));
  });

  it('refuses a host if ANY of its addresses is private, and a host that does not resolve', async () => {
    const mixed: Resolver = async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
    assert.match(await refusal(checkWebhookUrl('https://mixed.example/', strict, mixed)), /10\.1\.2\.3 is private/);
    const publicOnly: Resolver = async () => [{ address: '93.184.215.14', family: 4 }, { address: '2606:4700:4700::1111', family: 6 }];
    assert.equal((await checkWebhookUrl('https://public.example/', strict, publicOnly)).addresses.length, 2);
    await refusal(checkWebhookUrl('https://no-such-host.invalid/', strict));
  });

  it('judges an IPv4-mapped IPv6 address exactly like the IPv4 address it carries', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        assert.equal(nonPublicReason(`::ffff:${v4}`) === null, nonPublicReason(v4) === null);
      }),
      { numRuns: 2000 },
    );
  });

  it('never calls an address in 10/8, 127/8, 169.254/16, 172.16/12 or 192.168/16 public', () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
    );
    fc.assert(fc.property(privateV4, (octets) => {
      assert.notEqual(nonPublicReason(octets.join('.')), null);
    }));
  });
});

describe('connect-time lookup (DNS rebinding)', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = (url: string) => ({ url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', msgId: 'msg_1', timestamp: new Date(), body: '{}' });
  const httpOnly = { ...strict, webhookAllowHttp: true };

  it('a name that resolves to loopback only at connect time never reaches loopback', async () => {
    let calls = 0;
    // First answer (the check): a public address. Every later answer (the socket's lookup): loopback.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const before = hits;
    const result = await sendWebhook(message(`http://rebind.example:${port}/hook`), httpOnly, rebinding);
    assert.equal(calls, 2, 'resolved once to check, once to connect');
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /127\.0\.0\.1 is loopback/);
    assert.equal(hits, before, 'the loopback receiver saw no request');
  });

  it('the same name reaches the receiver when private targets are allowed (the receiver does count)', async () => {
    const loopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const before = hits;
    const result = await sendWebhook(message(`http://rebind.example:${port}/hook`), { ...httpOnly, webhookAllowPrivate: true }, loopback);
    assert.equal(result.statusCode, 204);
    assert.equal(hits, before + 1);
  });

  it('localhost through the system resolver is refused before any connection', async () => {
    const before = hits;
    const result = await sendWebhook(message(`http://localhost:${port}/hook`), httpOnly);
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /refused: .*loopback/);
    assert.equal(hits, before);
  });
});
