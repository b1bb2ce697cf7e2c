/**
 * The label feed as Atom 1.0 (RFC 4287). Entry ids are tag: URIs (RFC 4151) named by the log
 * origin's host, which is the log's permanent identity, so they survive a change of web address:
 *   tag:<host>,2026:log/<index>                         one transparency log event
 *   tag:<host>,2026:expired/<registration number>/<expiry instant>   an expiry
 * Neither ever changes for the same event. Text is XML-escaped, and characters XML 1.0 cannot carry
 * are dropped.
 */
import type { AppContext } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import type { FeedEntry } from './feed-entries.ts';

export const ATOM_MEDIA_TYPE = 'application/atom+xml; charset=utf-8';
export const FEED_PATH = '/feeds/labels.atom';
/** The date in the tag: URIs. Fixed for ever: changing it would change every entry id. */
const TAG_DATE = '2026';

/** Event names in English and Japanese; the Japanese follow the product page's wording. */
const EVENT_NAMES: Record<string, { en: string; ja: string }> = {
  'label.issued': { en: 'Issued', ja: 'ラベル発行' },
  'label.renewed': { en: 'Renewed', ja: '更新' },
  'label.suspended': { en: 'Suspended', ja: '一時停止' },
  'label.reinstated': { en: 'Reinstated', ja: '一時停止の解除' },
  'label.revoked': { en: 'Revoked', ja: '取消し' },
  'label.withdrawn': { en: 'Withdrawn', ja: '取下げ' },
  'label.support_period_changed': { en: 'Support period changed', ja: 'サポート期間の変更' },
  'label.security_info_changed': { en: 'Security information updated', ja: 'セキュリティ情報の更新' },
  'label.expired': { en: 'Expired', ja: '有効期限切れ' },
};

// XML 1.0 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (lone surrogates excluded).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attribute values alike. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * The tag: authority: the host of the log origin, without a port (RFC 4151 allows a DNS name
 * only): `registry.example.jp/log` → `registry.example.jp`, `127.0.0.1:8080/log` → `127.0.0.1`.
 */
export function tagAuthority(logOrigin: string): string {
  return logOrigin.split('/')[0]!.replace(/:\d+$/, '').toLowerCase();
}

export function entryId(logOrigin: string, entry: FeedEntry): string {
  const base = `tag:${tagAuthority(logOrigin)},${TAG_DATE}:`;
  return entry.index !== null
    ? `${base}log/${entry.index}`
    : `${base}expired/${encodeURIComponent(entry.registrationNumber)}/${entry.expiresAt}`;
}

function entryTitle(entry: FeedEntry): string {
  const name = EVENT_NAMES[entry.type] ?? { en: entry.type, ja: entry.type };
  return `${name.en}: ${entry.productName.en} (${entry.registrationNumber}) / ${name.ja}：${entry.productName.ja}`;
}

function entrySummary(entry: FeedEntry): string {
  const lines = [];
  if (entry.reason) lines.push(`Reason / 理由: ${entry.reason}`);
  if (entry.type === 'label.expired') lines.push(`The label's validity ended at ${entry.expiresAt}. / ラベルの有効期限が終了しました。`);
  else lines.push(`Status / 状態: ${entry.status}. Expires / 有効期限: ${entry.expiresAt}.`);
  if (entry.type === 'label.support_period_changed') lines.push(`Support ends on / サポート終了日: ${entry.supportEndsOn ?? '—'}.`);
  if (entry.type === 'label.security_info_changed') lines.push('An advisory, a software update or the vendor\'s security.txt changed; see the product page. / アドバイザリ、アップデート、またはベンダーの security.txt が更新されました。製品ページをご覧ください。');
  return lines.join('\n');
}

/** The whole feed document. `updated` is the newest entry's time, or `fallbackUpdated` when empty. */
export function renderAtomFeed(ctx: AppContext, entries: readonly FeedEntry[], fallbackUpdated: Date): string {
  const base = ctx.publicBaseUrl;
  const updated = entries[0]?.at ?? fallbackUpdated.toISOString();
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>tag:${xmlEscape(tagAuthority(ctx.logOrigin))},${TAG_DATE}:feeds/labels</id>`,
    '  <title>JC-STAR label events / JC-STAR 適合ラベルの変更</title>',
    '  <subtitle>Labels issued, renewed, suspended, reinstated, revoked, withdrawn or expired, and support period changes; newest first.</subtitle>',
    `  <updated>${xmlEscape(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(base + FEED_PATH)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(`${base}/`)}"/>`,
    `  <author><name>hoshi</name><uri>${xmlEscape(base)}</uri></author>`,
    '  <generator>hoshi</generator>',
  ];
  for (const entry of entries) {
    out.push(
      '  <entry>',
      `    <id>${xmlEscape(entryId(ctx.logOrigin, entry))}</id>`,
      `    <title>${xmlEscape(entryTitle(entry))}</title>`,
      `    <updated>${xmlEscape(entry.at)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(labelUrl(base, entry.registrationNumber))}"/>`,
      `    <category term="${xmlEscape(entry.type)}"/>`,
      `    <summary>${xmlEscape(entrySummary(entry))}</summary>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
