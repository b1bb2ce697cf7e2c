/**
 * A browser-like session for console tests with app.inject: log in through the real form
 * (POST /login with the CSRF token), keep the cookies, read pages and post forms carrying the
 * page's CSRF token, as a browser without JavaScript would.
 */
import assert from 'node:assert/strict';
import type { HTMLElement } from 'node-html-parser';
import type { TestApp } from '../helpers/app.ts';
import { html } from '../pages/helpers.ts';

export interface Session {
  cookies: Map<string, string>;
  csrf: string;
}

function keep(session: Pick<Session, 'cookies'>, res: { headers: Record<string, unknown> }): void {
  const raw = res.headers['set-cookie'];
  for (const c of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
    const [pair] = c.split(';');
    const [name, ...value] = pair!.split('=');
    session.cookies.set(name!, value.join('='));
  }
}

const cookieHeader = (session: Pick<Session, 'cookies'>) => [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

export async function logIn(t: TestApp, email: string, password: string, lang: 'ja' | 'en' = 'ja'): Promise<Session> {
  const session: Session = { cookies: new Map([['lang', lang]]), csrf: '' };
  const form = await t.app.inject({ url: '/login', headers: { cookie: cookieHeader(session) } });
  keep(session, form);
  const token = html(form.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookieHeader(session), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  assert.equal(res.statusCode, 303, res.body);
  keep(session, res);
  return session;
}

export async function getPage(t: TestApp, session: Session, url: string): Promise<{ status: number; doc: HTMLElement; body: string; headers: Record<string, unknown> }> {
  const res = await t.app.inject({ url, headers: { cookie: cookieHeader(session) } });
  keep(session, res);
  const doc = html(res.body);
  const token = doc.querySelector('input[name=_csrf]')?.getAttribute('value');
  if (token) session.csrf = token;
  return { status: res.statusCode, doc, body: res.body, headers: res.headers };
}

/** Posts a form; `csrf: false` leaves the token out. */
export async function postForm(t: TestApp, session: Session, url: string, fields: Record<string, string>, options: { csrf?: boolean } = {}) {
  const body = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: session.csrf }), ...fields }).toString();
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie: cookieHeader(session), 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
  keep(session, res);
  return { status: res.statusCode, location: res.headers.location as string | undefined, doc: html(res.body), body: res.body, headers: res.headers };
}
