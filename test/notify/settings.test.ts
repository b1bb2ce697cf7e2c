/** The retry schedule's bounds, the production defaults' safety properties, and their documentation. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BACKOFF_CAP_MS, backoffMs, DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';

describe('retry schedule', () => {
  it('is base·2^(n−1) plus at most 25 % jitter, never above the cap', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3_600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, base, r) => {
      const delay = backoffMs(n, base, BACKOFF_CAP_MS, () => r);
      const plain = base * 2 ** (n - 1);
      assert.ok(delay <= BACKOFF_CAP_MS);
      assert.ok(delay >= Math.min(plain, BACKOFF_CAP_MS) - 1);
      assert.ok(delay <= Math.ceil(plain * 1.25));
    }));
  });

  it('always grows until it reaches the cap, whatever the jitter', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 100, max: 600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, base, r1, r2) => {
      const a = backoffMs(n, base, BACKOFF_CAP_MS, () => r1);
      const b = backoffMs(n + 1, base, BACKOFF_CAP_MS, () => r2);
      assert.ok(b > a || b === BACKOFF_CAP_MS);
    }));
  });

  it('with the defaults, the eighth and last try comes about an hour after the first', () => {
    const s = DEFAULT_NOTIFY_SETTINGS;
    const sum = (r: number) => Array.from({ length: s.webhookMaxAttempts - 1 }, (_, i) => backoffMs(i + 1, s.webhookBackoffBaseMs, BACKOFF_CAP_MS, () => r)).reduce((x, y) => x + y, 0);
    assert.equal(sum(0), 127 * 30_000); // 63.5 minutes without jitter
    assert.ok(sum(0.999) < 80 * 60_000);
  });
});

describe('production defaults', () => {
  it('refuse http and private addresses, and lease a job far longer than one webhook may take', () => {
    const s = DEFAULT_NOTIFY_SETTINGS;
    assert.equal(s.webhookAllowHttp, false);
    assert.equal(s.webhookAllowPrivate, false);
    assert.equal(s.smtpUrl, null);
    assert.ok(s.leaseMs >= 10 * s.webhookTimeoutMs);
    assert.ok(s.webhookDisableAfterFailures >= 20 && s.webhookDisableAfterMs >= 24 * 3_600_000);
    assert.ok(Object.isFrozen(s));
  });
});

describe('docs/notifications.md', () => {
  it('lists every setting with the default the code uses', () => {
    const text = fs.readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');
    const documented = new Map([...text.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim().replace(/`/g, '')]));
    const s = DEFAULT_NOTIFY_SETTINGS;
    const expected: Record<string, string> = {
      SMTP_URL: '*(unset)*', MAIL_FROM: s.mailFrom, WEBHOOK_ALLOW_PRIVATE: String(s.webhookAllowPrivate), WEBHOOK_ALLOW_HTTP: String(s.webhookAllowHttp),
      WEBHOOK_TIMEOUT_MS: String(s.webhookTimeoutMs), WEBHOOK_MAX_ATTEMPTS: String(s.webhookMaxAttempts), WEBHOOK_BACKOFF_BASE_MS: String(s.webhookBackoffBaseMs),
      WEBHOOK_DISABLE_AFTER_FAILURES: String(s.webhookDisableAfterFailures), WEBHOOK_DISABLE_AFTER_MS: String(s.webhookDisableAfterMs),
      JOBS_POLL_MS: String(s.jobsPollMs), JOBS_LEASE_MS: String(s.leaseMs),
    };
    assert.deepEqual(Object.fromEntries(documented), expected);
    assert.equal(Object.keys(expected).length, Object.keys(s).length, 'one variable per setting');
  });
});
