/**
 * The far ends of notifications, real and on loopback: an SMTP server that keeps every message
 * (parsed back with mailparser), and a webhook receiver that verifies each request with the
 * standardwebhooks library as a subscriber would. Shared by the subscription journeys.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../../src/app/context.ts';

export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
  /** The header line exactly as sent (mailparser folds List-* headers into one object). */
  header(name: string): string | undefined;
}

export class SmtpSink {
  mails: ReceivedMail[] = [];
  port = 0;
  private pending: Array<Promise<void>> = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        this.pending.push(
          simpleParser(Buffer.concat(chunks)).then((parsed) => {
            this.mails.push({
              to,
              parsed,
              header: (name) => parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]*:\s*/, ''),
            });
          }),
        );
        callback();
      });
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
  /** Messages to `address`, once every received message is parsed. */
  async to(address: string): Promise<ReceivedMail[]> {
    await Promise.all(this.pending);
    return this.mails.filter((m) => m.to.includes(address));
  }
  stop(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedHook {
  path: string;
  id: string;
  /** Verified with the path's secret by standardwebhooks (signature and timestamp). */
  verified: boolean;
  body: string;
  /** Date.now() when the whole request had arrived. */
  at: number;
  /** What the receiver answered; null while held or if the connection was cut. */
  answered: number | null;
}

export type HookMode = 'ok' | 'fail' | 'hold';

/**
 * Answers per path: 'ok' 200 after a short pause, 'fail' 500, 'hold' never (the request stays
 * open until the sender goes away). The secret of a path is set once the subscription exists.
 */
export class WebhookReceiver {
  base = '';
  received: ReceivedHook[] = [];
  secrets = new Map<string, string>();
  modes = new Map<string, HookMode>();
  private server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  at(path: string): ReceivedHook[] {
    return this.received.filter((r) => r.path === path);
  }
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        const secret = this.secrets.get(path);
        if (secret) {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        }
      } catch {
        verified = false;
      }
      const hook: ReceivedHook = { path, id: String(req.headers['webhook-id']), verified, body, at: Date.now(), answered: null };
      this.received.push(hook);
      const mode = this.modes.get(path) ?? 'ok';
      if (mode === 'hold') return;
      const code = !verified ? 401 : mode === 'fail' ? 500 : 200;
      setTimeout(() => {
        hook.answered = code;
        res.writeHead(code, { 'content-type': 'text/plain' }).end(code === 200 ? 'ok' : code === 500 ? 'receiver is down' : 'signature rejected');
      }, code === 200 ? 20 : 0);
    });
  }
}

/** The token of a link in an e-mail text, e.g. linkToken(text, 'confirm'). */
export function linkToken(text: string, page: 'confirm' | 'unsubscribe'): string {
  const match = new RegExp(`/subscriptions/${page}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  if (!match) throw new Error(`no ${page} link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}

/** The confirmation token from the newest confirmation e-mail to `address` in the outbox. */
export async function confirmTokenFromOutbox(ctx: AppContext, address: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('outbox_emails')
    .select('text_body')
    .where('to_address', '=', address)
    .where('kind', '=', 'subscription_confirm')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return linkToken(row.text_body, 'confirm');
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
