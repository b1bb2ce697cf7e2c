/** The user's API tokens: create (the value shown once), list, revoke. */
import type { ApiTokenView } from '../../../app/users/api-tokens.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { date, Done, errorFor, Errors, TextField, type PortalPage } from './kit.tsx';

export const TOKEN_LIFETIMES = [30, 90, 365] as const;

export function TokensMain({ page, tokens, now, created, form, errors, done }: {
  page: PortalPage;
  tokens: ApiTokenView[];
  now: Date;
  /** A token just created: its value, shown this once. */
  created: { name: string; token: string } | null;
  form: { name: string; days: string };
  errors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.tokens;
  const state = (k: ApiTokenView) =>
    k.revokedAt ? t.revokedOn(date(k.revokedAt, view.lang))
    : k.expiresAt && Date.parse(k.expiresAt) <= now.getTime() ? t.expired
    : t.active;
  return (
    <section class="block">
      <h1 class="page-title" safe>{t.title}</h1>
      <p safe>{t.lede}</p>
      <Done text={done} />
      {created ? (
        <div class="notice notice--done" role="status">
          <p safe>{t.created}</p>
          <label class="form__field">
            <span safe>{`${t.value} (${created.name})`}</span>
            <input type="text" class="mono" readonly value={created.token} id="new-token" />
          </label>
        </div>
      ) : ''}
      <Errors errors={errors} page={page} />
      <h2 class="block__heading" safe>{t.createHeading}</h2>
      <form class="form" method="post" action="/portal/tokens">
        <CsrfField token={view.csrf} />
        <TextField name="name" label={t.name} value={form.name} error={errorFor(errors, '/name')} required maxlength={100} />
        <label class="form__field">
          <span safe>{t.expires}</span>
          <select name="days">
            {TOKEN_LIFETIMES.map((d) => <option value={String(d)} selected={form.days === String(d)} safe>{t.days(d)}</option>)}
            <option value="" selected={form.days === ''} safe>{t.never}</option>
          </select>
        </label>
        <p><button class="button button--primary" type="submit" safe>{t.create}</button></p>
      </form>
      {tokens.length ? (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden" safe>{t.title}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t.colName}</th>
                <th scope="col" safe>{t.colState}</th>
                <th scope="col" safe>{t.colCreated}</th>
                <th scope="col" safe>{t.colExpires}</th>
                <th scope="col" safe>{t.colLastUsed}</th>
                <th scope="col"><span class="visually-hidden" safe>{t.revoke}</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((k) => (
                <tr>
                  <th scope="row" safe>{k.name}</th>
                  <td safe>{state(k)}</td>
                  <td class="nowrap" safe>{date(k.createdAt, view.lang)}</td>
                  <td class="nowrap" safe>{k.expiresAt ? date(k.expiresAt, view.lang) : t.never}</td>
                  <td class="nowrap" safe>{k.lastUsedAt ? date(k.lastUsedAt, view.lang) : t.never_used}</td>
                  <td>
                    {k.revokedAt ? '' : (
                      <form method="post" action={`/portal/tokens/${encodeURIComponent(k.id)}/revoke`}>
                        <CsrfField token={view.csrf} />
                        <button class="button" type="submit" aria-label={`${t.revoke}: ${k.name}`} safe>{t.revoke}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="muted" safe>{t.empty}</p>}
    </section>
  );
}
