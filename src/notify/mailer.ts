/**
 * The one way e-mail leaves the system. With SMTP_URL set, messages go out through nodemailer's
 * SMTP transport. Without it the mailer "catches" them: nothing is sent and the outbox row stays
 * as 'caught', where the demo and development mail viewer shows it. Every message carries a
 * Message-ID derived from its outbox id, so a retried message is recognisably the same one.
 */
import nodemailer from 'nodemailer';
import type { NotifySettings } from './settings.ts';

export interface OutgoingEmail {
  /** The outbox row id; becomes the Message-ID's local part. */
  id: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export interface SendOutcome {
  /** True when the mailer only caught the message (no SMTP configured). */
  caught: boolean;
  messageId: string;
}

export interface Mailer {
  readonly mode: 'smtp' | 'catch';
  send(email: OutgoingEmail): Promise<SendOutcome>;
  close(): void;
}

/** `<id@domain-of-MAIL_FROM>`; the id is a UUID, so the value is unique and stable. */
export function messageIdFor(id: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'hoshi.invalid';
  return `<${id}@${domain}>`;
}

export function createMailer(settings: Pick<NotifySettings, 'smtpUrl' | 'mailFrom'>): Mailer {
  if (!settings.smtpUrl) {
    return {
      mode: 'catch',
      send: async (email) => ({ caught: true, messageId: messageIdFor(email.id, settings.mailFrom) }),
      close: () => {},
    };
  }
  // Bounded waits: a hung SMTP server must not hold a job past its lease. Options in the URL win.
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    mode: 'smtp',
    async send(email) {
      const info = await transport.sendMail({
        from: settings.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        headers: email.headers,
        messageId: messageIdFor(email.id, settings.mailFrom),
      });
      if (info.rejected.length > 0) throw Object.assign(new Error(`recipient rejected: ${info.response}`), { responseCode: 550 });
      return { caught: false, messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
