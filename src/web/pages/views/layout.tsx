/** The page shell: document head, skip link, header with the language switch, footer. */
import type { Children } from '@kitajs/html';
import type { Lang, Messages } from '../i18n/index.ts';

export interface LayoutProps {
  lang: Lang;
  t: Messages;
  /** The page's own title; the site name is appended. */
  title: string;
  description?: string;
  cssHref: string;
  /** Path and query of this page with `lang` switched to the other language. */
  switchHref: string;
  /** Alternate machine-readable representation (the label JSON). */
  jsonHref?: string;
  /** The scheme operator's page about the scheme (from the catalogue). */
  schemeUrl: string;
  children: Children;
}

export function Layout(props: LayoutProps) {
  const { t } = props;
  // switchHref is this page's own path with the language switched, so its path is the current one.
  const currentPath = props.switchHref.split('?')[0];
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} | ${t.site.name} ${t.site.tagline}`}</title>
          {props.description ? <meta name="description" content={props.description} /> : ''}
          <meta name="color-scheme" content="light" />
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={props.cssHref} />
          {props.jsonHref ? <link rel="alternate" type="application/json" href={props.jsonHref} /> : ''}
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t.site.skipLink}
          </a>
          <header class="site-header">
            <div class="container site-header__inner">
              <a class="brand" href="/">
                <span class="brand__mark" aria-hidden="true">
                  ★
                </span>
                <span class="brand__name" safe>
                  {t.site.name}
                </span>
                <span class="brand__tagline" safe>
                  {t.site.tagline}
                </span>
              </a>
              <div class="site-header__navs">
                <nav class="site-nav" aria-label={t.site.mainNav}>
                  <a class="site-nav__link" href="/" aria-current={currentPath === '/' ? 'page' : undefined}>
                    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true" focusable="false">
                      <circle cx="10.5" cy="10.5" r="6.5" />
                      <path d="M15.2 15.2l5.3 5.3" />
                    </svg>
                    <span safe>{t.site.navSearch}</span>
                  </a>
                  <a class="site-nav__link" href="/stats" aria-current={currentPath === '/stats' ? 'page' : undefined}>
                    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true" focusable="false">
                      <path d="M3.5 20.5h17M6.5 17V11M12 17V5.5M17.5 17v-8" />
                    </svg>
                    <span safe>{t.site.navStats}</span>
                  </a>
                  <a class="site-nav__link" href="/recognition" aria-current={currentPath === '/recognition' ? 'page' : undefined}>
                    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true" focusable="false">
                      <path d="M4 8h13l-3.5-3.5M20 16H7l3.5 3.5" />
                    </svg>
                    <span safe>{t.site.navRecognition}</span>
                  </a>
                </nav>
                <nav class="lang-nav" aria-label={t.site.languageNav}>
                  <a class="lang-nav__link" href={props.switchHref} lang={t.site.otherLanguageCode} hreflang={t.site.otherLanguageCode}>
                    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true" focusable="false">
                      <circle cx="12" cy="12" r="9.5" />
                      <path d="M2.5 12h19M12 2.5c2.6 2.8 3.9 6 3.9 9.5s-1.3 6.7-3.9 9.5c-2.6-2.8-3.9-6-3.9-9.5s1.3-6.7 3.9-9.5z" />
                    </svg>
                    <span safe>{t.site.otherLanguage}</span>
                  </a>
                </nav>
              </div>
            </div>
          </header>
          <main id="main" class="container main" tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <p class="site-footer__about" safe>
                {t.site.footerAbout}
              </p>
              <nav aria-label={t.site.footerNav}>
                <ul class="site-footer__links">
                  <li>
                    <a href="/api/v1/labels" safe>
                      {t.site.footerApi}
                    </a>
                  </li>
                  <li>
                    <a href="/api/openapi.json" safe>
                      {t.site.footerApiDoc}
                    </a>
                  </li>
                  <li>
                    <a href="/psti" lang="en">
                      UK PSTI list
                    </a>
                  </li>
                  <li>
                    <a href={props.schemeUrl} rel="noopener noreferrer external" safe>
                      {t.site.footerScheme}
                    </a>
                  </li>
                </ul>
              </nav>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
