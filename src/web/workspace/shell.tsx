/**
 * The page shell of the signed-in area (vendor portal, operator console, account pages): header
 * with the area's navigation, the signed-in user and a log-out button (a CSRF-protected POST),
 * and shared form pieces. Same stylesheet and CSP as the public pages: no script at all.
 */
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../domain/errors.ts';
import { isVendorRole, type Role } from '../../domain/roles.ts';
import { resolveLocale } from '../pages/locale.ts';
import { withLang } from '../pages/respond.tsx';
import type { Lang } from '../pages/i18n/index.ts';
import { csrfToken, CSRF_FIELD } from './csrf.ts';
import { SHELL_MESSAGES, type ShellMessages } from './shell-messages.ts';
import type { WorkspaceDeps } from './workspace.ts';

export type Area = 'portal' | 'console' | 'account';

/** What every workspace view receives. */
export interface ViewContext {
  lang: Lang;
  shell: ShellMessages;
  /** The hidden field every form must carry. */
  csrf: string;
  user: { id: string; displayName: string; email: string; role: Role; vendorId: string | null } | null;
}

export async function viewContext(request: FastifyRequest, reply: FastifyReply, deps: WorkspaceDeps): Promise<ViewContext> {
  const locale = resolveLocale(request, reply);
  const actor = request.actor;
  const user = actor?.userId
    ? await deps.ctx.db.selectFrom('users').select(['id', 'display_name', 'email', 'role', 'vendor_id']).where('id', '=', actor.userId).executeTakeFirst()
    : undefined;
  return {
    lang: locale.lang,
    shell: SHELL_MESSAGES[locale.lang],
    csrf: csrfToken(request, reply, deps.secure),
    user: user ? { id: user.id, displayName: user.display_name, email: user.email, role: user.role as Role, vendorId: user.vendor_id } : null,
  };
}

/** The hidden CSRF field; put it first in every form. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** A list of what is wrong, linked to the fields (GOV.UK error summary pattern). */
export function ErrorSummary({ errors, shell }: { errors: readonly FieldError[]; shell: ShellMessages }) {
  if (!errors.length) return '';
  return (
    <div class="notice" role="alert" tabindex="-1" id="error-summary">
      <h2 class="notice__heading" safe>{shell.errorSummary(errors.length)}</h2>
      <ul class="notice__list">
        {errors.map((e) => <li safe>{e.detail}</li>)}
      </ul>
    </div>
  );
}

function navFor(area: Area, role: Role | null, shell: ShellMessages): Array<{ href: string; text: string }> {
  const n = shell.nav;
  if (area === 'portal' || (area === 'account' && role && isVendorRole(role))) {
    return [
      { href: '/portal', text: n.portalHome },
      { href: '/portal/applications', text: n.applications },
      { href: '/portal/products', text: n.products },
      { href: '/portal/labels', text: n.labels },
      { href: '/portal/tokens', text: n.tokens },
      ...(role === 'vendor_admin' ? [{ href: '/portal/team', text: n.team }] : []),
    ];
  }
  if (role === 'evaluator') return [{ href: '/evaluation', text: n.evaluation }];
  if (area === 'console' || (area === 'account' && role)) {
    return [
      { href: '/console', text: n.queue },
      { href: '/console/labels', text: n.consoleLabels },
      { href: '/console/dashboard', text: n.dashboard },
      { href: '/console/audit', text: n.audit },
      ...(role === 'operator_admin' ? [{ href: '/console/team', text: n.team }, { href: '/console/mail', text: n.mail }] : []),
      { href: '/account/security', text: n.security },
    ];
  }
  return [];
}

export interface ShellOptions {
  title: string;
  area: Area;
  status?: number;
}

/** Renders a workspace page. Never cached: it is personal. */
export async function sendWorkspacePage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WorkspaceDeps,
  view: ViewContext,
  options: ShellOptions,
  main: Children,
): Promise<FastifyReply> {
  const { shell, user } = view;
  const path = request.url.split('?')[0]!;
  const nav = navFor(options.area, user?.role ?? null, shell);
  const areaName = options.area === 'console' ? shell.console : options.area === 'portal' ? shell.portal : shell.workspace;
  const html = (
    <>
      {'<!doctype html>'}
      <html lang={view.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title safe>{`${options.title} | ${areaName} | hoshi`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={deps.env.cssHref} />
        </head>
        <body class={`workspace workspace--${options.area}`}>
          <a class="skip-link" href="#main" safe>{shell.skipLink}</a>
          <header class="site-header">
            <div class="container site-header__inner">
              <a class="brand" href={options.area === 'console' ? '/console' : options.area === 'portal' ? '/portal' : '/'}>
                <span class="brand__mark" aria-hidden="true">★</span>
                <span class="brand__name">hoshi</span>
                <span class="brand__tagline" safe>{areaName}</span>
              </a>
              <div class="site-header__navs">
                {nav.length ? (
                  <nav class="site-nav" aria-label={areaName}>
                    {nav.map((item) => (
                      <a class="site-nav__link" href={item.href} aria-current={path === item.href ? 'page' : undefined} safe>{item.text}</a>
                    ))}
                  </nav>
                ) : ''}
                <nav class="lang-nav" aria-label="Language">
                  <a class="lang-nav__link" href={withLang(request.url, shell.otherLanguageCode)} lang={shell.otherLanguageCode} hreflang={shell.otherLanguageCode} safe>{shell.otherLanguage}</a>
                </nav>
                {user ? (
                  <form class="logout" method="post" action="/logout">
                    <CsrfField token={view.csrf} />
                    <span class="muted" safe>{shell.signedInAs(user.displayName)}</span>{' '}
                    <button class="button" type="submit" safe>{shell.logOut}</button>
                  </form>
                ) : ''}
              </div>
            </div>
          </header>
          <main id="main" class="container main" tabindex="-1">
            {main}
          </main>
          <footer class="site-footer">
            <div class="container">
              <a href="/" safe>{shell.publicSite}</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
  return reply
    .code(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(await html);
}

/** A description list of facts; rows that are false or empty are left out. */
export function Facts({ rows }: { rows: Array<[string, Children] | false | null | undefined> }) {
  return (
    <dl class="facts">
      {rows
        .filter((r): r is [string, Children] => !!r)
        .map(([term, value]) => (
          <div class="facts__row">
            <dt safe>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** A page with a heading and paragraphs (errors, confirmations). */
export function MessageMain({ title, paragraphs, back }: { title: string; paragraphs: string[]; back?: { href: string; text: string } }) {
  return (
    <section class="block">
      <h1 class="page-title" safe>{title}</h1>
      {paragraphs.map((p) => <p safe>{p}</p>)}
      {back ? <p><a href={back.href} safe>{back.text}</a></p> : ''}
    </section>
  );
}
