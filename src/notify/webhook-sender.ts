/**
 * Sends one webhook: a JSON POST signed the Standard Webhooks way (webhook-id, webhook-timestamp,
 * webhook-signature), so subscribers can verify it with any Standard Webhooks library. Redirects
 * are never followed (a 3xx is a failure: following one would bypass the address check), the
 * whole exchange has one deadline, and only the first 512 bytes of the answer are kept.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { checkWebhookUrl, guardedLookup, systemResolver, type Resolver } from './ssrf-guard.ts';
import type { NotifySettings } from './settings.ts';

export const WEBHOOK_USER_AGENT = 'hoshi-webhooks/1';
export const SNIPPET_BYTES = 512;

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface WebhookMessage {
  url: string;
  secret: string;
  /** The webhook-id; stays the same across retries so receivers can drop duplicates. */
  msgId: string;
  /** The webhook-timestamp: when this request is made (receivers compare it with their clock). */
  timestamp: Date;
  /** The exact JSON text that is signed and sent. */
  body: string;
}

export interface WebhookResult {
  /** True for a 2xx answer. */
  ok: boolean;
  /** HTTP status, or null when no answer came (refused, network error, timeout). */
  statusCode: number | null;
  durationMs: number;
  /** Why no answer came; null when there was one, whatever its status. */
  error: string | null;
  /** First 512 bytes of the answer as text. */
  snippet: string | null;
}

export type WebhookSettings = Pick<NotifySettings, 'webhookAllowPrivate' | 'webhookAllowHttp' | 'webhookTimeoutMs'>;

/** The headers of a signed message (also what a receiver passes to Webhook.verify). */
export function signedHeaders(message: Pick<WebhookMessage, 'secret' | 'msgId' | 'timestamp' | 'body'>): Record<string, string> {
  return {
    'webhook-id': message.msgId,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(message.secret).sign(message.msgId, message.timestamp, message.body),
  };
}

export async function sendWebhook(message: WebhookMessage, settings: WebhookSettings, resolve: Resolver = systemResolver): Promise<WebhookResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = (await checkWebhookUrl(message.url, settings, resolve)).url;
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), error: `refused: ${(error as Error).message}`, snippet: null };
  }
  const body = Buffer.from(message.body, 'utf8');
  const headers = {
    ...signedHeaders(message),
    'content-type': 'application/json',
    'content-length': String(body.length),
    'user-agent': WEBHOOK_USER_AGENT,
  };
  return new Promise<WebhookResult>((resolvePromise) => {
    let settled = false;
    const finish = (result: Omit<WebhookResult, 'durationMs' | 'ok'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
      resolvePromise({ ...result, ok, durationMs: elapsed() });
      request.destroy();
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: 'POST', headers, agent: false, lookup: guardedLookup(settings, resolve) });
    const deadline = setTimeout(() => finish({ statusCode: null, error: `timed out after ${settings.webhookTimeoutMs} ms`, snippet: null }), settings.webhookTimeoutMs);
    request.on('error', (error) => finish({ statusCode: null, error: error.message || String(error), snippet: null }));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks).subarray(0, SNIPPET_BYTES));
        finish({ statusCode: response.statusCode ?? null, error: null, snippet: text });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= SNIPPET_BYTES) done();
      });
      response.on('end', done);
      // The connection may be cut once the status is known; the answer still counts.
      response.on('error', done);
      response.on('aborted', done);
    });
    request.end(body);
  });
}
