/**
 * The e-mail a webhook's owner gets when we stop delivering to it: both languages (the owner
 * chose one, but a notice about a broken integration is often forwarded), the subscriber's
 * language first, with the facts needed to fix the endpoint.
 */
export interface DisabledNoticeFacts {
  subscriptionId: string;
  url: string;
  locale: string;
  consecutiveFailures: number;
  failingSince: string;
  lastError: string;
}

export function webhookDisabledNotice(f: DisabledNoticeFacts): { subject: string; text: string } {
  const en = [
    'Your hoshi webhook subscription has been disabled because deliveries to it kept failing.',
    '',
    `URL: ${f.url}`,
    `Subscription: ${f.subscriptionId}`,
    `Failing since: ${f.failingSince}`,
    `Consecutive failed attempts: ${f.consecutiveFailures}`,
    `Last error: ${f.lastError}`,
    '',
    'Pending deliveries have been cancelled. Once the endpoint answers 2xx again, re-enable the',
    'subscription from its management page; cancelled and failed deliveries can be redelivered there.',
  ].join('\n');
  const ja = [
    '配信の失敗が続いたため、hoshi の Webhook 購読を停止しました。',
    '',
    `URL: ${f.url}`,
    `購読 ID: ${f.subscriptionId}`,
    `失敗が続いている期間の開始: ${f.failingSince}`,
    `連続した失敗の回数: ${f.consecutiveFailures}`,
    `最後のエラー: ${f.lastError}`,
    '',
    '保留中の配信は取り消しました。受信側が再び 2xx を返すようになったら、購読の管理ページから',
    '再開してください。取り消された配信や失敗した配信は、そこから再送できます。',
  ].join('\n');
  const jaFirst = f.locale.startsWith('ja');
  const subject = jaFirst ? 'Webhook を停止しました / Webhook disabled' : 'Webhook disabled / Webhook を停止しました';
  const text = jaFirst ? `${ja}\n\n----\n\n${en}\n` : `${en}\n\n----\n\n${ja}\n`;
  return { subject, text };
}
