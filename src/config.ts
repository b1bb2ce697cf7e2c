/**
 * Configuration from the environment, parsed once at boot into a frozen object. Every bad
 * variable is reported at once, each with a hint, so an operator fixes them in one go.
 */
import path from 'node:path';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from './notify/settings.ts';
import { PROJECT_ROOT } from './paths.ts';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
  readonly databaseUrl: string;
  readonly databaseKind: 'sqlite' | 'postgres';
  /** Origin printed into QR codes and links, without a trailing slash. */
  readonly publicBaseUrl: string;
  readonly catalogDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body in bytes. */
  readonly maxBodyBytes: number;
  /** Requests per minute one client address may make to any route (per process); 0 turns it off. */
  readonly rateLimitPerMinute: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* and mark cookies Secure. */
  readonly trustProxy: boolean;
  /** Directory of the Ed25519 signing keys (created with a first key, mode 0700/0600). */
  readonly signingKeyDir: string;
  /** Origin line of the transparency log's checkpoints and its signed-note key name. */
  readonly logOrigin: string;
  /** Directory of application attachments (outside the web root; files mode 0600). */
  readonly attachmentDir: string;
  /** Server processes sharing the port (node:cluster); 1 serves from the main process. */
  readonly workers: number;
  /** Run the job worker (notifications, webhooks, e-mail, expiry sweeps) in each server process. */
  readonly jobs: boolean;
  /** SMTP, webhook safety and retry policy (docs/notifications.md). */
  readonly notify: Readonly<NotifySettings>;
  /** Days after which a vulnerability without a fix is warned about on the product page. */
  readonly unfixedVulnerabilityWarnDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return fallback;
  };

  const host = env.HOST || '127.0.0.1';
  const port = int('PORT', 8080, 0, 65535);

  const databaseUrl = env.DATABASE_URL || path.join('data', 'hoshi.sqlite');
  let databaseKind: Config['databaseKind'] = 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    databaseKind = 'postgres';
    try {
      new URL(databaseUrl);
    } catch {
      problems.push(`DATABASE_URL is not a valid URL (expected postgres://user@host:5432/dbname)`);
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL=${JSON.stringify(databaseUrl)}: only postgres:// URLs or SQLite file paths are supported`,
    );
  }

  let publicBaseUrl = env.PUBLIC_BASE_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const url = new URL(publicBaseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (url.search || url.hash) throw new Error('query');
    publicBaseUrl = url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(
      `PUBLIC_BASE_URL=${JSON.stringify(env.PUBLIC_BASE_URL)} must be an http(s) origin such as https://registry.example.jp`,
    );
  }

  // Keys and attachments default to the SQLite file's directory (./data with PostgreSQL).
  const dataDir = path.dirname(path.resolve(databaseKind === 'sqlite' && databaseUrl !== ':memory:' ? databaseUrl : path.join('data', 'x')));

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const config: Config = {
    host,
    port,
    databaseUrl,
    databaseKind,
    publicBaseUrl,
    catalogDir: env.CATALOG_DIR || path.join(PROJECT_ROOT, 'catalog'),
    logLevel,
    maxBodyBytes: int('MAX_BODY_BYTES', 2 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    trustProxy: bool('TRUST_PROXY', false),
    signingKeyDir: env.SIGNING_KEY_DIR || path.join(dataDir, 'keys'),
    attachmentDir: env.ATTACHMENT_DIR || path.join(dataDir, 'attachments'),
    logOrigin: env.LOG_ORIGIN || defaultLogOrigin(publicBaseUrl),
    workers: int('WORKERS', 1, 1, 64),
    jobs: bool('JOBS', true),
    notify: Object.freeze(notifySettings(env, int, bool, problems)),
    unfixedVulnerabilityWarnDays: int('UNFIXED_VULNERABILITY_WARN_DAYS', 90, 1, 3650),
  };
  if (/[\s+]/.test(config.logOrigin)) problems.push(`LOG_ORIGIN=${JSON.stringify(config.logOrigin)} must not contain spaces or "+"`);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** `https://registry.example.jp` → `registry.example.jp/log` (C2SP origins are schema-less). */
export function defaultLogOrigin(publicBaseUrl: string): string {
  try {
    const url = new URL(publicBaseUrl);
    return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
  } catch {
    return 'hoshi/log';
  }
}

function notifySettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  bool: (name: string, fallback: boolean) => boolean,
  problems: string[],
): NotifySettings {
  const d = DEFAULT_NOTIFY_SETTINGS;
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/i.test(smtpUrl)) problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  const settings: NotifySettings = {
    smtpUrl,
    mailFrom: env.MAIL_FROM || d.mailFrom,
    webhookAllowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', d.webhookAllowPrivate),
    webhookAllowHttp: bool('WEBHOOK_ALLOW_HTTP', d.webhookAllowHttp),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', d.webhookTimeoutMs, 100, 120_000),
    webhookMaxAttempts: int('WEBHOOK_MAX_ATTEMPTS', d.webhookMaxAttempts, 1, 100),
    webhookBackoffBaseMs: int('WEBHOOK_BACKOFF_BASE_MS', d.webhookBackoffBaseMs, 1, 86_400_000),
    webhookDisableAfterFailures: int('WEBHOOK_DISABLE_AFTER_FAILURES', d.webhookDisableAfterFailures, 1, 100_000),
    webhookDisableAfterMs: int('WEBHOOK_DISABLE_AFTER_MS', d.webhookDisableAfterMs, 0, 30 * 86_400_000),
    jobsPollMs: int('JOBS_POLL_MS', d.jobsPollMs, 10, 600_000),
    leaseMs: int('JOBS_LEASE_MS', d.leaseMs, 1_000, 3_600_000),
  };
  // A lease shorter than one send would let a second process send the same delivery meanwhile.
  if (settings.leaseMs <= settings.webhookTimeoutMs) problems.push(`JOBS_LEASE_MS (${settings.leaseMs}) must exceed WEBHOOK_TIMEOUT_MS (${settings.webhookTimeoutMs})`);
  return settings;
}
