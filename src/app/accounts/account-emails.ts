/**
 * The texts of the account e-mails. Each carries both languages, the reader's first, because
 * the address may be read by someone other than the person who filled in the form. None of them
 * says more than the recipient already knows: the password-reset and sign-up answers on the
 * site are the same whether or not an account exists, and only the mailbox learns which.
 */
import type { NewEmail } from '../subscriptions/outbox.ts';

export type MailLang = 'ja' | 'en';

const both = (lang: MailLang, ja: string, en: string) => (lang === 'ja' ? `${ja}\n\n----\n\n${en}` : `${en}\n\n----\n\n${ja}`);

export function verificationEmail(to: string, lang: MailLang, link: string, organisation: string): NewEmail {
  return {
    to,
    kind: 'account_verify',
    subject: lang === 'ja' ? '電子メールアドレスの確認 / Verify your e-mail address (hoshi)' : 'Verify your e-mail address / 電子メールアドレスの確認 (hoshi)',
    text: both(
      lang,
      `hoshi への ${organisation} のベンダー登録を受け付けました。\n次のリンクを開き、「確認する」ボタンを押すとログインできるようになります（24時間有効、1回限り）。\n\n${link}\n\nお心当たりがない場合は、このメールを破棄してください。アカウントは有効になりません。`,
      `We received a vendor sign-up for ${organisation} on hoshi.\nOpen this link and press "Verify" to be able to log in (valid for 24 hours, once):\n\n${link}\n\nIf this was not you, ignore this e-mail; the account stays inactive.`,
    ),
  };
}

/** Sent instead of a sign-up when the address already has an account. */
export function accountExistsEmail(to: string, lang: MailLang, base: string): NewEmail {
  return {
    to,
    kind: 'account_exists',
    subject: lang === 'ja' ? 'アカウントは登録済みです / You already have an account (hoshi)' : 'You already have an account / アカウントは登録済みです (hoshi)',
    text: both(
      lang,
      `このアドレスで hoshi のベンダー登録が申し込まれましたが、このアドレスのアカウントはすでにあります。新しい登録は行っていません。\nログイン: ${base}/login\nパスワードを忘れた場合: ${base}/password-reset\n\nお心当たりがない場合は、このメールを破棄してください。`,
      `Someone asked to sign up on hoshi with this address, but it already has an account. Nothing new was registered.\nLog in: ${base}/login\nForgot your password: ${base}/password-reset\n\nIf this was not you, ignore this e-mail.`,
    ),
  };
}

export function passwordResetEmail(to: string, lang: MailLang, link: string): NewEmail {
  return {
    to,
    kind: 'account_reset',
    subject: lang === 'ja' ? 'パスワードの再設定 / Reset your password (hoshi)' : 'Reset your password / パスワードの再設定 (hoshi)',
    text: both(
      lang,
      `hoshi のパスワード再設定が申し込まれました。次のリンクで新しいパスワードを設定してください（1時間有効、1回限り）。設定すると、ログイン中のすべてのセッションが終了します。\n\n${link}\n\nお心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。`,
      `Someone asked to reset your hoshi password. Set a new one with this link (valid for 1 hour, once). Setting it ends every session of your account.\n\n${link}\n\nIf this was not you, ignore this e-mail; your password stays as it is.`,
    ),
  };
}

export function invitationEmail(to: string, lang: MailLang, link: string, team: string, inviter: string, roleName: { ja: string; en: string }): NewEmail {
  return {
    to,
    kind: 'account_invitation',
    subject: lang === 'ja' ? `${team} への招待 / Invitation to ${team} (hoshi)` : `Invitation to ${team} / ${team} への招待 (hoshi)`,
    text: both(
      lang,
      `${inviter} さんが、hoshi の ${team} に「${roleName.ja}」としてあなたを招待しました。\n次のリンクで氏名とパスワードを設定すると、アカウントが作成されます（7日間有効、1回限り）。\n\n${link}`,
      `${inviter} invited you to ${team} on hoshi as ${roleName.en}.\nSet your name and a password with this link to create your account (valid for 7 days, once):\n\n${link}`,
    ),
  };
}
