/**
 * Outbox e-mail through nodemailer to a real in-process SMTP server (smtp-server), parsed back
 * with mailparser, on SQLite and PostgreSQL: delivery with the stored headers, temporary SMTP
 * refusals and an unreachable server back off, permanent refusals fail at once, no SMTP catches.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../../src/app/context.ts';
import { EMAIL_BACKOFF_BASE_MS, EMAIL_MAX_ATTEMPTS, processDueEmails } from '../../src/jobs/send-emails.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';
import { startTestApp, type TestApp, type TestClock } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';

const MAIL_FROM = 'hoshi registry <noreply@registry.test>';
const settings = { ...DEFAULT_NOTIFY_SETTINGS, mailFrom: MAIL_FROM };

/** An SMTP server that keeps raw messages and refuses recipients as the test says. */
class SmtpSink {
  raw: string[] = [];
  /** Recipient → SMTP code to refuse with. */
  refuse = new Map<string, number>();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.refuse.get(address.address);
      if (code) return callback(Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Mailbox busy, try later'), { responseCode: code }));
      callback();
    },
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.raw.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  port = 0;
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as net.AddressInfo).port;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function addEmail(ctx: AppContext, fields: { to: string; subject?: string; text?: string; headers?: Record<string, string> }): Promise<string> {
  const id = ctx.newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.insertInto('outbox_emails').values({
    id, to_address: fields.to, subject: fields.subject ?? 'ラベルが取り消されました / Label revoked', text_body: fields.text ?? 'JS1-2026-000001-5 は取り消されました。\n',
    headers: JSON.stringify(fields.headers ?? {}), kind: 'notification', status: 'pending', attempts: 0, next_attempt_at: now,
    locked_until: null, last_error: null, message_id: null, created_at: now, sent_at: null, dedupe_key: null,
  }).execute();
  return id;
}

const emailRow = (ctx: AppContext, id: string) => ctx.db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: outbox e-mail`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let clock: TestClock;
    let mailer: Mailer;
    const sink = new SmtpSink();
    before(async () => {
      t = await startTestApp(dialect);
      ctx = t.ctx;
      clock = t.clock;
      await sink.start();
      mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, mailFrom: MAIL_FROM });
    });
    after(async () => {
      mailer?.close();
      await sink.stop();
      await t?.close();
    });

    it('sends a due message through SMTP with its stored headers and records the Message-ID', async () => {
      const headers = { 'List-Unsubscribe': '<https://registry.test/unsubscribe/tok123>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
      const id = await addEmail(ctx, { to: 'subscriber@example.test', headers });
      assert.equal(await processDueEmails(ctx, mailer, settings), 1);
      assert.equal(sink.raw.length, 1);
      const parsed = await simpleParser(sink.raw[0]!);
      assert.equal(parsed.subject, 'ラベルが取り消されました / Label revoked');
      assert.equal(parsed.text, 'JS1-2026-000001-5 は取り消されました。\n');
      assert.equal(parsed.from?.text, '"hoshi registry" <noreply@registry.test>');
      // mailparser folds List-* headers into one 'list' entry; the raw header lines are exact.
      const line = (key: string) => parsed.headerLines.find((h) => h.key === key)?.line;
      assert.equal(line('list-unsubscribe'), 'List-Unsubscribe: <https://registry.test/unsubscribe/tok123>');
      assert.equal(line('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      assert.equal(parsed.messageId, `<${id}@registry.test>`);

      const row = await emailRow(ctx, id);
      assert.equal(row.status, 'sent');
      assert.equal(row.sent_at, clock.now().toISOString());
      assert.equal(row.message_id, `<${id}@registry.test>`);
      assert.equal(row.attempts, 1);
      assert.equal(row.locked_until, null);
      assert.equal(await processDueEmails(ctx, mailer, settings), 0, 'sent once only');
    });

    it('a temporary refusal (451) backs off with growing delays until the server accepts', async () => {
      sink.refuse.set('busy@example.test', 451);
      const id = await addEmail(ctx, { to: 'busy@example.test' });
      const before = sink.raw.length;
      let previous = 0;
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.equal(await processDueEmails(ctx, mailer, settings), 1);
        const row = await emailRow(ctx, id);
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, attempt);
        assert.match(row.last_error ?? '', /451/);
        const delay = Date.parse(row.next_attempt_at) - clock.now().getTime();
        const plain = EMAIL_BACKOFF_BASE_MS * 2 ** (attempt - 1);
        assert.ok(delay >= plain && delay <= plain * 1.25 && delay > previous, `delay ${delay}`);
        previous = delay;
        assert.equal(await processDueEmails(ctx, mailer, settings), 0, 'not due before next_attempt_at');
        clock.set(row.next_attempt_at);
      }
      sink.refuse.delete('busy@example.test');
      assert.equal(await processDueEmails(ctx, mailer, settings), 1);
      const row = await emailRow(ctx, id);
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 4);
      assert.equal(row.last_error, null);
      assert.equal(sink.raw.length, before + 1);
    });

    it('a permanent refusal (550) fails at once', async () => {
      sink.refuse.set('nobody@example.test', 550);
      const id = await addEmail(ctx, { to: 'nobody@example.test' });
      assert.equal(await processDueEmails(ctx, mailer, settings), 1);
      const row = await emailRow(ctx, id);
      assert.equal(row.status, 'failed');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /550/);
    });

    it(`an unreachable server is retried, and after ${EMAIL_MAX_ATTEMPTS} attempts the message is failed`, async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const down = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: MAIL_FROM });
      const id = await addEmail(ctx, { to: 'someone@example.test' });
      for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
        assert.equal(await processDueEmails(ctx, down, settings), 1);
        const row = await emailRow(ctx, id);
        assert.match(row.last_error ?? '', /ECONNREFUSED/);
        assert.equal(row.status, attempt < EMAIL_MAX_ATTEMPTS ? 'pending' : 'failed');
        clock.set(row.next_attempt_at);
      }
      clock.advanceDays(2);
      assert.equal(await processDueEmails(ctx, down, settings), 0);
      down.close();
    });

    it('without SMTP the message is caught: kept in the outbox, nothing sent', async () => {
      const catcher = createMailer({ smtpUrl: null, mailFrom: MAIL_FROM });
      assert.equal(catcher.mode, 'catch');
      const id = await addEmail(ctx, { to: 'demo@example.test' });
      const before = sink.raw.length;
      assert.equal(await processDueEmails(ctx, catcher, settings), 1);
      const row = await emailRow(ctx, id);
      assert.equal(row.status, 'caught');
      assert.equal(row.sent_at, null);
      assert.equal(row.message_id, `<${id}@registry.test>`);
      assert.equal(sink.raw.length, before);
      assert.equal(await processDueEmails(ctx, catcher, settings), 0);
    });
  });
}
