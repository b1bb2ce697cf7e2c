/**
 * The texts of subscription e-mails, in the subscriber's language with the other one below
 * (notices get forwarded). Plain text only: nothing to render wrongly, nothing to track.
 */
import { confirmUrl, unsubscribeUrl } from './subscription-tokens.ts';

type Locale = 'ja' | 'en';

interface Text {
  subject: string;
  text: string;
  headers: Record<string, string>;
}

const both = (locale: Locale, ja: string[], en: string[]): string =>
  (locale === 'ja' ? [...ja, '', '----', '', ...en] : [...en, '', '----', '', ...ja]).join('\n') + '\n';

/** RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the URL. */
export function unsubscribeHeaders(baseUrl: string, token: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl(baseUrl, token)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function confirmationEmail(f: { baseUrl: string; token: string; locale: Locale; channel: string; scope: string; events: string[]; url: string | null }): Text {
  const link = confirmUrl(f.baseUrl, f.token);
  const what = f.channel === 'webhook' ? `webhook ${f.url}` : 'e-mail';
  return {
    subject: f.locale === 'ja' ? '購読の確認 / Confirm your subscription (hoshi)' : 'Confirm your subscription / 購読の確認 (hoshi)',
    text: both(
      f.locale,
      [
        `JC-STAR ラベル登録簿の通知の購読 (${f.channel === 'webhook' ? `Webhook ${f.url}` : '電子メール'}) が申し込まれました。`,
        `対象: ${f.scope}`,
        `イベント: ${f.events.join(', ')}`,
        '',
        '申し込んだのがご自身であれば、次のページで確認してください (確認するまで何も届きません):',
        link,
        '',
        '心当たりがなければ、このメールは無視してください。',
      ],
      [
        `Someone asked for notifications from the JC-STAR label registry (${what}).`,
        `Scope: ${f.scope}`,
        `Events: ${f.events.join(', ')}`,
        '',
        'If that was you, confirm on this page (nothing is sent until you do):',
        link,
        '',
        'If it was not you, ignore this message.',
      ],
    ),
    headers: {},
  };
}

const EVENT_TITLES: Record<string, { ja: string; en: string }> = {
  'label.issued': { ja: 'ラベルが発行されました', en: 'Label issued' },
  'label.renewed': { ja: 'ラベルが更新されました', en: 'Label renewed' },
  'label.suspended': { ja: 'ラベルが一時停止されました', en: 'Label suspended' },
  'label.reinstated': { ja: 'ラベルの一時停止が解除されました', en: 'Label reinstated' },
  'label.revoked': { ja: 'ラベルが取り消されました', en: 'Label revoked' },
  'label.withdrawn': { ja: 'ラベルが取り下げられました', en: 'Label withdrawn' },
  'label.expiring': { ja: 'ラベルの有効期限が近づいています', en: 'Label expiring soon' },
  'label.expired': { ja: 'ラベルの有効期限が切れました', en: 'Label expired' },
  'advisory.published': { ja: 'セキュリティアドバイザリが公開されました', en: 'Security advisory published' },
  'support.extended': { ja: 'サポート期間が延長されました', en: 'Support period extended' },
  'support.ended': { ja: 'サポート期間が終了しました', en: 'Support period ended' },
};

export const eventTitle = (type: string, locale: Locale): string => EVENT_TITLES[type]?.[locale] ?? type;

/** One notification: the event title, the public facts as `key: value` lines, and the links. */
export function notificationEmail(f: { baseUrl: string; unsubscribeToken: string; locale: Locale; type: string; occurredAt: string; data: Record<string, unknown> }): Text {
  const facts = flatten(f.data).map(([k, v]) => `${k}: ${v}`);
  const unsubscribe = unsubscribeUrl(f.baseUrl, f.unsubscribeToken);
  const name = productName(f.data, f.locale);
  return {
    subject: `${eventTitle(f.type, f.locale)}${name ? `: ${name}` : ''} (hoshi)`,
    text: both(
      f.locale,
      [eventTitle(f.type, 'ja'), `日時: ${f.occurredAt}`, '', ...facts, '', `購読の解除: ${unsubscribe}`],
      [eventTitle(f.type, 'en'), `At: ${f.occurredAt}`, '', ...facts, '', `Unsubscribe: ${unsubscribe}`],
    ),
    headers: unsubscribeHeaders(f.baseUrl, f.unsubscribeToken),
  };
}

function productName(data: Record<string, unknown>, locale: Locale): string | null {
  const product = data.product as { name?: { ja?: string; en?: string } } | undefined;
  return product?.name?.[locale] ?? null;
}

/** `{a: {b: 1}, c: [x, y]}` → [['a.b', '1'], ['c', 'x, y']]: readable in any mail client. */
function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.length ? [[prefix, value.join(', ')]] : [];
    return value.flatMap((v, i) => flatten(v, `${prefix}[${i + 1}]`));
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}
