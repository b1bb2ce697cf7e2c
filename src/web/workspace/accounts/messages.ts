/** Messages of the account pages (log-in …), Japanese and English. */
const ja = {
  loginTitle: 'ログイン',
  email: '電子メールアドレス',
  password: 'パスワード',
  logIn: 'ログイン',
  invalidCredentials: '電子メールアドレスまたはパスワードが正しくありません。',
  lockedOut: (minutes: number) => `ログインの失敗が続いたため、このアカウントは約${minutes}分間ロックされています。`,
  noAccount: 'アカウントをお持ちでないベンダーの方は、こちらから登録してください。',
  signUpLink: 'ベンダー登録',
  forgotLink: 'パスワードを忘れた場合',
};

const en: typeof ja = {
  loginTitle: 'Log in',
  email: 'E-mail address',
  password: 'Password',
  logIn: 'Log in',
  invalidCredentials: 'The e-mail address or the password is wrong.',
  lockedOut: (minutes: number) => `After repeated failed log-ins this account is locked for about ${minutes} minutes.`,
  noAccount: 'Vendors without an account can sign up here.',
  signUpLink: 'Vendor sign-up',
  forgotLink: 'Forgot your password?',
};

export const ACCOUNT_MESSAGES = { ja, en } as const;
