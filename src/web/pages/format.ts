/**
 * Presentation helpers for the public pages: JST calendar dates in each language, country names,
 * and the checks that decide whether a vendor-supplied string may become a link.
 */
import { jstDate } from '../../domain/time.ts';
import type { Lang } from './i18n/index.ts';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `YYYY-MM-DD` of an instant (ISO string) in JST, or a calendar date passed through. */
export function isoDateJst(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : jstDate(new Date(value));
}

/** A JST calendar date for people: 2026年11月25日 (ja), 25 Nov 2026 (en). */
export function formatDate(value: string, lang: Lang): string {
  const [y, m, d] = isoDateJst(value).split('-').map(Number) as [number, number, number];
  return lang === 'ja' ? `${y}年${m}月${d}日` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
}

const regionNames = new Map<Lang, Intl.DisplayNames>();

/** The country's name in the page language; the code itself when unknown. */
export function countryName(code: string, lang: Lang): string {
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    regionNames.set(lang, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The URL when it is an absolute http(s) URL (never javascript:, data: or relative). */
export function httpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Where a vulnerability contact leads: a mailto: link for an e-mail address (with or without the
 * `mailto:` prefix), the URL for a web address, or nothing (shown as text) for anything else.
 */
export function contactHref(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const address = trimmed.replace(/^mailto:/i, '');
  if (EMAIL.test(address)) return `mailto:${address}`;
  return httpUrl(trimmed);
}

/** Picks the text for the page language, falling back to the other one; says which it used. */
export function pick(texts: { ja: string | null; en: string | null }, lang: Lang): { text: string; lang: Lang } | undefined {
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const own = texts[lang]?.trim();
  if (own) return { text: own, lang };
  const fallback = texts[other]?.trim();
  return fallback ? { text: fallback, lang: other } : undefined;
}
