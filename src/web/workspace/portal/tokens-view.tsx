/** The user's API tokens: create (the value shown once), list, revoke. */
import type { ApiTokenView } from '../../../app/users/api-tokens.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField } from '../shell.tsx';
import { date, Done, errorFor, Errors, SelectField, TextField, type PortalPage } from './kit.tsx';

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
            <textarea class="mono" readonly rows="2" id="new-token" safe>{created.token}</textarea>
          </label>
        </div>
      ) : ''}
      <Errors errors={errors} page={page} />
      <h2 class="block__heading" safe>{t.createHeading}</h2>
      <form class="form" method="post" action="/portal/tokens">
        <CsrfField token={view.csrf} />
        <TextField name="name" label={t.name} value={form.name} error={errorFor(errors, '/name')} required maxlength={100} />
        <SelectField name="days" label={t.expires}>
          {TOKEN_LIFETIMES.map((d) => <option value={String(d)} selected={form.days === String(d)} safe>{t.days(d)}</option>)}
          <option value="" selected={form.days === ''} safe>{t.never}</option>
        </SelectField>
        <p><button class="button button--primary" type="submit" safe>{t.create}</button></p>
      </form>
      {tokens.length ? (
        <ul class="entries" aria-label={t.title}>
          {tokens.map((k) => (
            <li class="entry">
              <p class="entry__title"><strong class="break" safe>{k.name}</strong> <span class="muted" safe>{state(k)}</span></p>
              <p class="entry__meta muted" safe>{`${t.colCreated} ${date(k.createdAt, view.lang)} · ${t.colExpires} ${k.expiresAt ? date(k.expiresAt, view.lang) : t.never} · ${t.colLastUsed} ${k.lastUsedAt ? date(k.lastUsedAt, view.lang) : t.never_used}`}</p>
              {k.revokedAt ? '' : (
                <form method="post" action={`/portal/tokens/${encodeURIComponent(k.id)}/revoke`}>
                  <CsrfField token={view.csrf} />
                  <button class="button" type="submit" aria-label={`${t.revoke}: ${k.name}`} safe>{t.revoke}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : <p class="muted" safe>{t.empty}</p>}
    </section>
  );
}
