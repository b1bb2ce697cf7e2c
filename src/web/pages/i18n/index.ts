/** The languages of the public pages and their message catalogues. Japanese is the default. */
import { en } from './en.ts';
import { ja, type Messages } from './ja.ts';

export type { Messages };
export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'ja';

export const MESSAGES: Readonly<Record<Lang, Messages>> = Object.freeze({ ja, en });

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}
