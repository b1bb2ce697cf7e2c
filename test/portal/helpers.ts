/**
 * A browser-like client of the portal for app.inject: logs in through the /login form (CSRF
 * cookie and token, then the session cookie), keeps the cookies, and reads the CSRF token of each
 * page so forms are posted the way a browser posts them (url-encoded or multipart).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dialect } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/fixtures.ts';
import { html } from '../pages/helpers.ts';

/** A test app whose attachments go to a fresh directory, removed on close. */
export async function startPortalApp(dialect: Dialect): Promise<TestApp & { attachmentDir: string }> {
  const t = await startTestApp(dialect);
  const attachmentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-attachments-'));
  t.ctx.attachmentDir = attachmentDir;
  return {
    ...t,
    attachmentDir,
    async close() {
      await t.close();
      fs.rmSync(attachmentDir, { recursive: true, force: true });
    },
  };
}

export interface FilePart {
  name: string;
  filename: string;
  content: Buffer;
  type?: string;
}

export class Browser {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page fetched. */
  csrf = '';

  constructor(private readonly t: TestApp) {}

  private remember(res: { headers: Record<string, unknown> }): void {
    const raw = res.headers['set-cookie'];
    for (const c of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
  }

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookie, 'accept-language': 'en', ...headers } });
    this.remember(res);
    const doc = html(res.body);
    const token = doc.querySelector('input[name=_csrf]')?.getAttribute('value');
    if (token) this.csrf = token;
    return { res, doc };
  }

  /** Posts a url-encoded form; `_csrf` is added unless `csrf: false`. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    const res = await this.t.app.inject({
      method: 'POST', url,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: body.toString(),
    });
    this.remember(res);
    return { res, doc: html(res.body) };
  }

  /** Posts a multipart form with files, as a browser does. */
  async upload(url: string, fields: Record<string, string>, files: FilePart[], options: { csrf?: boolean } = {}) {
    const boundary = `----hoshi${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = options.csrf === false ? fields : { _csrf: this.csrf, ...fields };
    for (const [k, v] of Object.entries(all)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    for (const f of files) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
      parts.push(f.content, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.t.app.inject({
      method: 'POST', url,
      headers: { cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
      payload: Buffer.concat(parts),
    });
    this.remember(res);
    return { res, doc: html(res.body) };
  }

  /** Logs in through the form and returns this browser, now with a session. */
  async logIn(email: string): Promise<this> {
    await this.get('/login');
    const res = await this.post('/login', { email, password: PASSWORD });
    assert.equal(res.res.statusCode, 303, res.res.body);
    assert.ok(this.cookies.has('hoshi_session'));
    return this;
  }
}

/** The id in a redirect to /portal/applications/<id>[/…]. */
export function applicationIdOf(location: unknown): string {
  const id = /\/portal\/applications\/([0-9a-f-]{36})/.exec(String(location))?.[1];
  assert.ok(id, `no application id in ${String(location)}`);
  return id;
}
