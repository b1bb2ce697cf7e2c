/**
 * Which language a page is rendered in: `?lang=ja|en` (remembered in the `lang` cookie), else the
 * `lang` cookie, else the best of the browser's Accept-Language, else Japanese.
 */
import Negotiator from 'negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LANG, isLang, LANGS, MESSAGES, type Lang, type Messages } from './i18n/index.ts';

export const LANG_COOKIE = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface Locale {
  lang: Lang;
  t: Messages;
  /** True when this response sets the cookie (it must then not be stored by shared caches). */
  isCookieSet: boolean;
}

function queryLang(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.lang;
  return typeof value === 'string' ? value : undefined;
}

export function negotiateLang(request: FastifyRequest): Lang {
  const cookie = request.cookies?.[LANG_COOKIE];
  if (isLang(cookie)) return cookie;
  const best = new Negotiator(request).language([...LANGS]);
  return isLang(best) ? best : DEFAULT_LANG;
}

/** Resolves the language and, for an explicit `?lang=`, remembers it in a cookie. Never throws. */
export function resolveLocale(request: FastifyRequest, reply: FastifyReply): Locale {
  const asked = queryLang(request);
  if (isLang(asked)) {
    reply.setCookie(LANG_COOKIE, asked, {
      path: '/',
      maxAge: ONE_YEAR_SECONDS,
      sameSite: 'lax',
      httpOnly: true,
      secure: request.protocol === 'https',
    });
    return { lang: asked, t: MESSAGES[asked], isCookieSet: true };
  }
  const lang = negotiateLang(request);
  return { lang, t: MESSAGES[lang], isCookieSet: false };
}
