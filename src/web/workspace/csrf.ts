/**
 * CSRF protection for every form of the signed-in area (and the log-in, sign-up and reset forms):
 * a random `hoshi_csrf` cookie (HttpOnly, SameSite=Strict) and a hidden form field whose value is
 * SHA-256(cookie ":" session secret). A forged cross-site form can neither read the cookie nor
 * compute the field, and the field is bound to the session, so a token planted before log-in is
 * worthless after it (OWASP "signed double-submit cookie", with the session as the secret).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { SESSION_COOKIE } from '../auth.ts';

export const CSRF_COOKIE = 'hoshi_csrf';
export const CSRF_FIELD = '_csrf';

function derive(cookie: string, session: string): string {
  return createHash('sha256').update(`${cookie}:${session}`, 'utf8').digest('base64url');
}

/** The token to put in this response's forms; sets the cookie when the browser has none yet. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean, sessionSecret?: string): string {
  let cookie = request.cookies?.[CSRF_COOKIE];
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
    cookie = randomBytes(32).toString('base64url');
    reply.setCookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
    // Later code in this request (a page rendered after a redirect-less POST) sees the new value.
    request.cookies[CSRF_COOKIE] = cookie;
  }
  return derive(cookie, sessionSecret ?? request.cookies?.[SESSION_COOKIE] ?? '');
}

/** Throws CSRF_FAILED unless the submitted token matches the cookie and the current session. */
export function verifyCsrf(request: FastifyRequest, submitted: unknown): void {
  const cookie = request.cookies?.[CSRF_COOKIE];
  if (!cookie || typeof submitted !== 'string' || submitted.length === 0) throw new DomainError('CSRF_FAILED');
  const expected = Buffer.from(derive(cookie, request.cookies?.[SESSION_COOKIE] ?? ''));
  const actual = Buffer.from(submitted);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new DomainError('CSRF_FAILED');
}
