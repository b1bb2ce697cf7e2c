/**
 * The one stylesheet of the public pages: the Digital Agency design tokens (colour, type, radius
 * custom properties from @digital-go-jp/design-tokens, loaded as shipped) followed by our rules in
 * public/site.css. Built once at start-up; its hash is the ETag and the cache-busting version.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.ts';

export const SITE_CSS_PATH = path.join(PROJECT_ROOT, 'public', 'site.css');

export interface SiteCss {
  body: string;
  etag: string;
  /** Short content hash, appended to the stylesheet URL so a new release is fetched at once. */
  version: string;
}

export function loadSiteCss(): SiteCss {
  const require = createRequire(import.meta.url);
  const tokens = fs.readFileSync(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css'), 'utf8');
  const own = fs.readFileSync(SITE_CSS_PATH, 'utf8');
  const body = `/* @digital-go-jp/design-tokens (MIT, Digital Agency, Japan) */\n${tokens}\n${own}`;
  const hash = createHash('sha256').update(body).digest('base64url');
  return { body, etag: `"${hash.slice(0, 27)}"`, version: hash.slice(0, 10) };
}

/** True when the request's If-None-Match names this ETag (or `*`). */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
