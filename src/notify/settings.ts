/**
 * Settings of the notification side: SMTP, webhook safety and retry policy, the job worker.
 * src/config.ts fills them from the environment (names in docs/notifications.md); tests pass
 * their own. The defaults are the production policy: https only, private addresses refused.
 */
export interface NotifySettings {
  /** smtp(s)://user:pass@host:port; null = keep every e-mail in the outbox as 'caught'. */
  smtpUrl: string | null;
  /** From address of every e-mail, e.g. `hoshi <noreply@registry.example.jp>`. */
  mailFrom: string;
  /** Let webhooks reach loopback, private and other non-public addresses (development only). */
  webhookAllowPrivate: boolean;
  /** Let webhooks use plain http (development only). */
  webhookAllowHttp: boolean;
  /** Whole request, from DNS lookup to the first bytes of the response. */
  webhookTimeoutMs: number;
  /** Tries per delivery before it is marked failed. */
  webhookMaxAttempts: number;
  /** First retry delay; doubled per attempt, +0–25 % jitter, capped at BACKOFF_CAP_MS. */
  webhookBackoffBaseMs: number;
  /** A subscription is disabled after at least this many consecutive failed attempts… */
  webhookDisableAfterFailures: number;
  /** …once it has also been failing (no success) for at least this long. */
  webhookDisableAfterMs: number;
  /** Idle wait of the job worker between rounds. */
  jobsPollMs: number;
  /** How long a claimed job stays reserved for its worker; must well exceed one send. */
  leaseMs: number;
}

/** Upper bound of one retry delay, webhooks and e-mail alike. */
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;

export const DEFAULT_NOTIFY_SETTINGS: Readonly<NotifySettings> = Object.freeze({
  smtpUrl: null,
  mailFrom: 'hoshi <noreply@localhost>',
  webhookAllowPrivate: false,
  webhookAllowHttp: false,
  webhookTimeoutMs: 10_000,
  webhookMaxAttempts: 8,
  webhookBackoffBaseMs: 30_000,
  webhookDisableAfterFailures: 20,
  webhookDisableAfterMs: 24 * 60 * 60 * 1000,
  jobsPollMs: 2_000,
  leaseMs: 120_000,
});

/**
 * Delay before the next try after `attempts` failed ones (1 = the first try failed):
 * base · 2^(attempts−1), plus up to 25 % jitter so failed batches do not retry in lock-step,
 * capped at `capMs`. Each delay is at least twice the previous one's base, so it always grows
 * until the cap.
 */
export function backoffMs(attempts: number, baseMs: number, capMs = BACKOFF_CAP_MS, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 40);
  const plain = baseMs * 2 ** exponent;
  return Math.round(Math.min(capMs, plain * (1 + 0.25 * random())));
}
