import type { ComponentChildren } from 'preact';
import { Alert, CsrfField } from './components/form.js';
import { tenantLookHrefs } from './tenant-look.js';
import type { NavLink, View } from './view.js';

/**
 * The other language's link: the same page with `lang` switched. The request target is read as a
 * path on our own origin: `//%5Cevil.example` made the URL parser throw (a 500), and `//evil.example/`
 * would name another host.
 */
function switchLanguageHref(view: View): string {
  const url = new URL(`/${view.path.replace(/^[/\\]+/, '')}`, 'http://x');
  url.searchParams.set('lang', view.lang === 'de' ? 'en' : 'de');
  return url.pathname + url.search;
}

/** A header link; the page it names (or one below it) is marked as the current one. */
function HeaderLink({ view, link }: { view: View; link: NavLink }) {
  const path = view.path.split(/[?#]/)[0] ?? '';
  const current = path === link.href || path.startsWith(`${link.href}/`);
  const { t } = view;
  return (
    <a class="kern-link" href={link.href} aria-current={current ? 'page' : undefined}>
      {t(link.labelKey)}
      {link.badge && link.badge.count > 0 && (
        <span class="kern-badge kern-badge--info kern-badge--small">
          {link.badge.count}
          <span class="kern-sr-only"> {t(link.badge.labelKey)}</span>
        </span>
      )}
    </a>
  );
}

export interface LayoutProps {
  view: View;
  title: string;
  children: ComponentChildren;
  /** Extra scripts (enhancements only: every page works without them). */
  scripts?: string[];
}

export function Layout({ view, title, children, scripts = [] }: LayoutProps) {
  const { t } = view;
  const other = view.lang === 'de' ? 'en' : 'de';
  const look = tenantLookHrefs(view.tenant);
  return (
    <html lang={view.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${view.tenant.name}`}</title>
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/amtsweg.css" />
        {look && <link rel="stylesheet" href={look.theme} />}
        <link rel="icon" type="image/svg+xml" href={look?.favicon ?? '/assets/favicon.svg'} />
        {scripts.map((src) => (
          <script src={src} defer key={src} />
        ))}
      </head>
      <body>
        <a class="aw-skip-link kern-link" href="#main">
          {t('layout.skipLink')}
        </a>
        <header class="aw-header">
          <div class="aw-officialbar">
            <div class="kern-container aw-officialbar__inner">
              <span>{t('layout.officialSite')}</span>
            </div>
          </div>
          <div class="kern-container aw-header__inner">
            <a class="aw-brand" href="/">
              {/* The name beside it says what the logo shows, so the image is decorative here. */}
              {look && <img class="aw-brand__logo" src={look.logo} alt="" width="40" height="40" />}
              {view.tenant.name}
            </a>
            <nav aria-label={t('layout.mainNav')} class="aw-header__nav">
              <a class="kern-link" href={switchLanguageHref(view)} hrefLang={other} lang={other} aria-label={t('layout.languageSwitchLabel')}>
                {t('layout.languageSwitch')}
              </a>
              {view.user ? (
                <>
                  <span class="kern-body">{view.user.name}</span>
                  {view.user.links?.map((link) => (
                    <HeaderLink view={view} link={link} key={link.href} />
                  ))}
                  <HeaderLink view={view} link={{ href: '/konto', labelKey: 'layout.account' }} />
                  <form method="post" action="/abmelden">
                    <CsrfField view={view} />
                    <button type="submit" class="kern-btn kern-btn--tertiary">
                      <span class="kern-label">{t('layout.logout')}</span>
                    </button>
                  </form>
                </>
              ) : (
                <a class="kern-link" href="/anmelden">
                  {t('layout.login')}
                </a>
              )}
            </nav>
          </div>
        </header>
        <main id="main" class="kern-container aw-main" tabIndex={-1}>
          {view.banner && (
            <Alert kind="warning">
              <p class="kern-body">
                <strong>{view.banner}</strong>
              </p>
            </Alert>
          )}
          {children}
        </main>
        <footer class="aw-footer">
          <div class="kern-container">
            <nav aria-label={t('layout.footerNav')}>
              <ul class="kern-list kern-list--horizontal aw-footer__links">
                <li>
                  <a class="kern-link" href="/impressum">
                    {t('layout.imprint')}
                  </a>
                </li>
                <li>
                  <a class="kern-link" href="/datenschutz">
                    {t('layout.privacy')}
                  </a>
                </li>
                <li>
                  <a class="kern-link" href="/barrierefreiheit">
                    {t('layout.accessibility')}
                  </a>
                </li>
                <li>
                  <a class="kern-link" href="/datenquellen">
                    {t('layout.dataSources')}
                  </a>
                </li>
              </ul>
            </nav>
            <p class="kern-body kern-body--small">{t('layout.poweredBy')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
