import { html, renderDocument, type Markup } from './html.ts'
import type { PageContext, Visitor } from './context.ts'
import { locales, type Locale } from '@kindred/i18n'
import { assetUrl } from './assets.ts'
import { csrfField } from './form.ts'
import { communityUnread } from './pages/read-state-parts.ts'
import { unreadNotificationsMark } from './pages/notification-marks.ts'
import { unverifiedBanner } from './pages/email-address-parts.ts'

interface LayoutView {
  context: PageContext
  /** The page's own title; the site's name follows it in the tab. */
  title: string
  main: Markup
}

function account(context: PageContext): Markup {
  const { t, visitor } = context
  if (visitor === null) {
    return html`<ul class="account">
      <li><a href="/sign-in">${t('layout.nav.signIn')}</a></li>
      <li><a href="/sign-up">${t('layout.nav.signUp')}</a></li>
    </ul>`
  }
  return html`<ul class="account">
    ${visitor.communities.length === 0 && visitor.proposalNews.held === 0 ? null : notificationsLink(context, visitor)}
    ${visitor.communities.length === 0 ? null : html`<li>${communitySwitcher(context, visitor.communities)}</li>`}
    <li>
      <a href="/account"><span class="signed-in-as">${visitor.displayName}</span></a>
    </li>
    <li>
      <form method="post" action="/sign-out" class="inline">
        ${csrfField(context)}
        <button type="submit" class="link">${t('layout.nav.signOut')}</button>
      </form>
    </li>
  </ul>`
}

// What is new for the visitor in all their communities, counted with the switcher's counts (unread-counts.ts),
// and the news of their proposals.
function notificationsLink(context: PageContext, visitor: Visitor): Markup {
  const unread = visitor.communities.reduce((sum, { unreadNotifications }) => sum + unreadNotifications, visitor.proposalNews.unread)
  return html`<li>
    <a href="/notifications" aria-current=${context.path === '/notifications' ? 'page' : undefined}
      >${context.t('notifications.nav.link')} ${unreadNotificationsMark(context, unread)}</a
    >
  </li>`
}

// A disclosure widget, so the list opens without any script; switching is following a link to the community.
function communitySwitcher(context: PageContext, communities: Visitor['communities']): Markup {
  return html`<details class="switcher">
    <summary>${context.t('layout.nav.myCommunities')}</summary>
    <ul>
      ${communities.map(
        ({ slug, name, unreadThreads }) =>
          html`<li>
            <a href=${`/c/${slug}`} aria-current=${context.path.startsWith(`/c/${slug}`) ? 'page' : undefined}
              >${name} ${communityUnread(context, unreadThreads)}</a
            >
          </li>`,
      )}
    </ul>
  </details>`
}

function primaryNavigation({ t, visitor }: PageContext): Markup {
  return html`<ul class="primary">
    <li><a href="/">${t('layout.nav.communities')}</a></li>
    <li><a href="/proposals">${t('layout.nav.startCommunity')}</a></li>
    <li><a href="/statistics">${t('layout.nav.statistics')}</a></li>
    ${visitor?.staff === true ? html`<li><a href="/staff">${t('layout.nav.staff')}</a></li>` : null}
  </ul>`
}

// Each language named in itself, so a reader finds theirs whatever the page's language is. Named once per
// process: an Intl.DisplayNames costs more to build than the rest of a page's header.
const ownNames = new Map(
  locales.map((locale) => {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale
    return [locale, name.charAt(0).toLocaleUpperCase(locale) + name.slice(1)]
  }),
)
const ownName = (locale: Locale): string => ownNames.get(locale) ?? locale

function languageSwitcher(context: PageContext): Markup {
  const { t, i18n } = context
  return html`<form method="post" action="/language" class="language">
    ${csrfField(context)}
    <input type="hidden" name="return" value=${context.path} />
    <label for="lang">${t('layout.language.label')}</label>
    <select id="lang" name="lang">
      ${locales.map((locale) => html`<option value=${locale} lang=${locale} selected=${locale === i18n.locale}>${ownName(locale)}</option>`)}
    </select>
    <button type="submit">${t('layout.language.button')}</button>
  </form>`
}

// The enhancement a few forms ask for (hx-* attributes): they send themselves and swap the part of the page
// that changed, where a full page load would lose the reader's place. Every page works without it. Under
// the page's CSP: no inline style, no eval, no script from an answer; nothing kept in the browser's
// storage (pages hold health data); an answer refusing a form (4xx) replaces the page's main content, as
// loading it would, so its error summary is seen.
const htmxConfig = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  historyCacheSize: 0,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, target: 'main', select: 'main' },
  ],
})

/**
 * Every page: the skip link first, a header with the site's name and the visitor's account, one main
 * landmark holding the page, a footer. The language is the page's own (`lang`), so screen readers speak it.
 */
export function layout({ context, title, main }: LayoutView): string {
  const { t } = context
  return renderDocument(
    html`<html lang=${context.i18n.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${t('site.name')}</title>
        <link rel="stylesheet" href=${assetUrl('site.css')} />
        <meta name="htmx-config" content=${htmxConfig} />
        <script src=${assetUrl('htmx.min.js')} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">${t('layout.skipLink')}</a>
        <header class="site-header">
          <div class="width">
            <a class="site-name" href="/">${t('site.name')}</a>
            <nav aria-label=${t('layout.nav.label')}>${primaryNavigation(context)}</nav>
            <nav aria-label=${t('layout.nav.accountLabel')}>${account(context)}</nav>
          </div>
        </header>
        <main id="main" class="width" tabindex="-1">${unverifiedBanner(context)}${main}</main>
        <footer class="site-footer">
          <div class="width">
            ${languageSwitcher(context)}
            <p>${t('layout.footer.freeSoftware')}</p>
          </div>
        </footer>
      </body>
    </html>`,
  )
}
