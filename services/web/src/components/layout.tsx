import type { ComponentChildren } from 'preact';
import { ECL_STATIC, Icon, WEB_STATIC } from './icon';
import { navigationFor } from './navigation';
import { Notification, type NotificationVariant } from './notification';

export const PLATFORM_NAME = 'Licence Monitoring Platform';

export interface LayoutUser {
  name: string;
  role: 'operator' | 'commission';
}

export interface LayoutNotice {
  variant: NotificationVariant;
  title: string;
  description?: string;
}

export interface LayoutProps {
  /** The page's own title; the document title adds the platform's name. */
  title: string;
  user: LayoutUser | null;
  /** Needed for the sign-out form whenever a user is signed in. */
  csrfToken?: string;
  /** The key of the current main navigation entry (navigation.ts). */
  active?: string;
  notices?: LayoutNotice[];
  children?: ComponentChildren;
}

/**
 * The one page layout: ECL site header with the Commission's logo and the platform's name, the
 * role's navigation, a skip link to the main content, the notices, the page, the ECL footer. It
 * renders the whole document (W1's page framework writes `<!doctype html>` before it).
 */
export function Layout({ title, user, csrfToken, active, notices = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${PLATFORM_NAME}`}</title>
        <link rel="stylesheet" href={`${ECL_STATIC}/styles/optional/ecl-reset.css`} />
        <link rel="stylesheet" href={`${ECL_STATIC}/styles/ecl-ec.css`} />
        <link rel="stylesheet" href={`${ECL_STATIC}/styles/optional/ecl-ec-utilities.css`} />
        <link rel="stylesheet" href={`${WEB_STATIC}/web.css`} />
        <link rel="icon" href={`${ECL_STATIC}/images/logo/logo-ec--mute.svg`} type="image/svg+xml" />
        <script src={`${WEB_STATIC}/web.js`} defer />
      </head>
      <body class="lmp-body">
        <a class="ecl-skip-link ecl-button ecl-button--primary" href="#main-content">
          Skip to main content
        </a>
        <SiteHeader user={user} csrfToken={csrfToken} active={active} />
        <main id="main-content" class="ecl-container lmp-main" tabIndex={-1}>
          {notices.length > 0 && (
            <div class="lmp-notices">
              {notices.map((n) => (
                <Notification variant={n.variant} title={n.title} description={n.description} />
              ))}
            </div>
          )}
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}

function SiteHeader({ user, csrfToken, active }: Pick<LayoutProps, 'user' | 'csrfToken' | 'active'>) {
  return (
    <header class="ecl-site-header ecl-site-header-with-logo-l lmp-site-header">
      <div class="ecl-site-header__inner">
        <div class="ecl-site-header__background">
          <div class="ecl-site-header__header">
            <div class="ecl-site-header__container ecl-container">
              <div class="ecl-site-header__top">
                <a class="ecl-link ecl-link--standalone ecl-site-header__logo-link" href="/">
                  <picture class="ecl-picture ecl-site-header__picture" title="European Commission">
                    <source
                      srcSet={`${ECL_STATIC}/images/logo/positive/logo-ec--en.svg`}
                      media="(min-width: 996px)"
                    />
                    <img
                      class="ecl-site-header__logo-image ecl-site-header__logo-image--l"
                      src={`${ECL_STATIC}/images/logo/logo-ec--mute.svg`}
                      alt={`European Commission logo: ${PLATFORM_NAME} home`}
                    />
                  </picture>
                </a>
                {user && (
                  <div class="ecl-site-header__action lmp-user">
                    <span class="lmp-user__name">
                      <Icon name="logged-in" size="s" class="ecl-site-header__icon" />
                      <span class="ecl-u-sr-only">Signed in as </span>
                      {user.name}
                      <span class="lmp-user__role">
                        {user.role === 'commission' ? 'European Commission' : 'Operator'}
                      </span>
                    </span>
                    <form method="post" action="/auth/logout" class="lmp-user__logout">
                      <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
                      <button
                        type="submit"
                        class="ecl-button ecl-button--tertiary ecl-site-header__login-toggle"
                      >
                        <Icon name="log-in" size="s" class="ecl-site-header__icon" />
                        Sign out
                      </button>
                    </form>
                  </div>
                )}
              </div>
            </div>
          </div>
        </div>
        <div class="ecl-site-header__banner">
          <div class="ecl-container">
            <div class="ecl-site-header__site-name">{PLATFORM_NAME}</div>
          </div>
        </div>
      </div>
      {user && (
        <nav class="lmp-nav" aria-label="Main">
          <ul class="lmp-nav__list ecl-container">
            {navigationFor(user.role).map((item) => (
              <li class="lmp-nav__item">
                <a
                  class={`lmp-nav__link${item.key === active ? ' lmp-nav__link--current' : ''}`}
                  href={item.href}
                  aria-current={item.key === active ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}

function SiteFooter() {
  return (
    <footer class="ecl-site-footer lmp-site-footer">
      <div class="ecl-container ecl-site-footer__container">
        <div class="ecl-site-footer__row">
          <div class="ecl-site-footer__column">
            <div class="ecl-site-footer__section ecl-site-footer__section--site-info">
              <a
                class="ecl-link ecl-link--standalone ecl-site-footer__logo-link"
                href="https://commission.europa.eu/index_en"
              >
                <img
                  class="ecl-site-footer__logo-image"
                  src={`${ECL_STATIC}/images/logo/negative/logo-ec--en.svg`}
                  alt="European Commission logo: commission.europa.eu"
                  width={200}
                />
              </a>
              <div class="ecl-site-footer__description">
                {PLATFORM_NAME}: Chinese export licences for rare earths and magnets, registered by EU
                companies and followed up by the European Commission (DG TRADE).
              </div>
            </div>
          </div>
          <div class="ecl-site-footer__column">
            <div class="ecl-site-footer__section">
              <h2 class="ecl-site-footer__title ecl-site-footer__title--separator">Help</h2>
              <ul class="ecl-site-footer__list">
                <li class="ecl-site-footer__list-item">
                  <a
                    class="ecl-link ecl-link--standalone ecl-link--inverted ecl-site-footer__link"
                    href="mailto:trade-licences@ec.europa.eu"
                  >
                    Contact DG TRADE
                  </a>
                </li>
              </ul>
            </div>
          </div>
          <div class="ecl-site-footer__column">
            <div class="ecl-site-footer__section">
              <h2 class="ecl-site-footer__title ecl-site-footer__title--separator">European Commission</h2>
              <ul class="ecl-site-footer__list">
                <li class="ecl-site-footer__list-item">
                  <a
                    class="ecl-link ecl-link--standalone ecl-link--inverted ecl-site-footer__link"
                    href="https://commission.europa.eu/privacy-policy-websites-managed-european-commission_en"
                  >
                    Privacy policy
                  </a>
                </li>
                <li class="ecl-site-footer__list-item">
                  <a
                    class="ecl-link ecl-link--standalone ecl-link--inverted ecl-site-footer__link"
                    href="https://commission.europa.eu/legal-notice_en"
                  >
                    Legal notice
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      </div>
    </footer>
  );
}
