/**
 * What the account tests need to act like a browser on the in-process server: a cookie jar, form
 * submission that takes the CSRF token and hidden fields from the page it came from (as a real
 * browser would send them), and a mailbox: the job worker's e-mail step sending through a real
 * SMTP server on loopback, read back with mailparser.
 */
import assert from 'node:assert/strict';
import { corporateCheckDigit } from '../../src/domain/corporate-number.ts';
import { processDueEmails } from '../../src/jobs/send-emails.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import type { TestApp } from '../helpers/app.ts';
import { html } from '../pages/helpers.ts';
import { SmtpSink } from '../subscriptions/receivers.ts';

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;

export class WebClient {
  readonly jar = new Map<string, string>();
  constructor(
    private readonly t: TestApp,
    private readonly options: { ip?: string; lang?: 'ja' | 'en' } = {},
  ) {}

  private keep(res: Res): Res {
    const raw = res.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = value === '' || /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  get cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: this.cookieHeader, 'accept-language': this.options.lang ?? 'ja', accept: 'text/html', ...extra };
  }

  async get(url: string): Promise<Res> {
    return this.keep(await this.t.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.options.ip ?? '127.0.0.1' }));
  }

  async post(url: string, fields: Record<string, string>): Promise<Res> {
    return this.keep(await this.t.app.inject({
      method: 'POST',
      url,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      payload: new URLSearchParams(fields).toString(),
      remoteAddress: this.options.ip ?? '127.0.0.1',
    }));
  }

  /**
   * Opens `pageUrl`, finds the form posting to `action` (the first form when omitted), and submits
   * its hidden fields (CSRF token, link token) with `fields`.
   */
  async submit(pageUrl: string, fields: Record<string, string>, action?: string): Promise<Res> {
    const page = await this.get(pageUrl);
    assert.equal(page.statusCode, 200, `${pageUrl}: ${page.statusCode}`);
    return this.submitFrom(page, fields, action);
  }

  /** Submits a form of a page already fetched. */
  async submitFrom(page: Res, fields: Record<string, string>, action?: string): Promise<Res> {
    const doc = html(page.body);
    const forms = doc.querySelectorAll('main form');
    const form = action ? forms.find((f) => f.getAttribute('action') === action) : forms[0];
    assert.ok(form, `no form posting to ${action ?? '(any)'}`);
    const hidden = Object.fromEntries(form.querySelectorAll('input[type=hidden]').filter((i) => i.getAttribute('name')).map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']));
    return this.post(form.getAttribute('action')!, { ...hidden, ...fields });
  }

  /** Logs in through the web form; returns the final response (a 303 to the home page when it worked). */
  async logIn(email: string, password: string): Promise<Res> {
    return this.submit('/login', { email, password }, '/login');
  }
}

/** A real SMTP server and the worker's e-mail step, so tests read what a person would receive. */
export class Mailbox {
  readonly sink = new SmtpSink();
  private mailer!: Mailer;
  private settings!: NotifySettings;

  async start(t: TestApp): Promise<void> {
    await this.sink.start();
    this.settings = { ...DEFAULT_NOTIFY_SETTINGS, smtpUrl: this.sink.url, mailFrom: 'hoshi registry <noreply@registry.test>' };
    t.ctx.notify = this.settings;
    this.mailer = createMailer(this.settings);
  }

  /** Sends what is due and returns the messages `address` has received so far. */
  async to(t: TestApp, address: string) {
    while ((await processDueEmails(t.ctx, this.mailer, this.settings)) > 0);
    return this.sink.to(address);
  }

  /** The newest link to `path` in the messages to `address`. */
  async link(t: TestApp, address: string, path: string): Promise<URL> {
    const mails = await this.to(t, address);
    const texts = mails.map((m) => m.parsed.text ?? '').reverse();
    for (const text of texts) {
      const match = new RegExp(`https://registry\\.test${path.replace(/[/?]/g, '\\$&')}\\?token=\\S+`).exec(text);
      if (match) return new URL(match[0]);
    }
    throw new Error(`no ${path} link among ${mails.length} e-mail(s) to ${address}`);
  }

  async stop(): Promise<void> {
    this.mailer?.close();
    await this.sink.stop();
  }
}

/** Path and query of a link, for the in-process server. */
export const local = (url: URL): string => url.pathname + url.search;

/** Row counts of the tables an account action may touch. */
const COUNTED = ['vendors', 'users', 'signups', 'account_tokens', 'invitations', 'outbox_emails', 'sessions'] as const;

export async function counts(t: TestApp): Promise<Record<(typeof COUNTED)[number], number>> {
  const out = {} as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    out[table] = Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
}

/** A valid Japanese corporate number (check digit computed), different per seed. */
export function corporateNumber(seed: number): string {
  const base = String(100_000_000_000 + seed).slice(-12);
  return `${corporateCheckDigit(base)}${base}`;
}
