import { locales, type Locale } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext, Visitor } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'

export interface AccountOverviewView {
  displayName: string
  email: string
  communities: Visitor['communities']
  /** Whether the account takes the incubator's mail (its proposals, the communities it supported). */
  incubatorMail: boolean
  /** What the visitor has just done, confirmed at the top of the page. */
  done: 'password' | 'incubatorMail' | null
}

/** A link back to the account's overview, at the top of each of its pages. */
export const backToAccount = ({ t }: PageContext): Markup => html`<p><a href="/account">${t('account.backLink')}</a></p>`

// The footer's switcher as a group of radio buttons, each language named in itself; the same route keeps it.
function languageChoice(context: PageContext): Markup {
  const { t, i18n } = context
  const ownName = (locale: Locale): string => {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1)
  }
  return html`<form method="post" action="/language">
    ${csrfField(context)}
    <input type="hidden" name="return" value="/account" />
    <fieldset class="field" aria-describedby="language-hint">
      <legend class="label">${t('account.language.legend')}</legend>
      <span class="hint" id="language-hint">${t('account.language.hint')}</span>
      ${locales.map(
        (locale) =>
          html`<div class="choice">
            <input type="radio" id=${`language-${locale}`} name="lang" value=${locale} checked=${locale === i18n.locale} />
            <label for=${`language-${locale}`} lang=${locale}>${ownName(locale)}</label>
          </div>`,
      )}
    </fieldset>
    <button type="submit">${t('account.language.button')}</button>
  </form>`
}

// The incubator's mail is the account's choice, not a community's: one checkbox, on by default.
function incubatorMailChoice(context: PageContext, on: boolean): Markup {
  const { t } = context
  return html`<form method="post" action="/account/incubator-mail">
    ${csrfField(context)}
    <fieldset class="field" aria-describedby="incubator-mail-hint">
      <legend class="label">${t('incubatorMail.settings.legend')}</legend>
      <span class="hint" id="incubator-mail-hint">${t('incubatorMail.settings.hint')}</span>
      <div class="checkbox">
        <input type="checkbox" id="incubator-mail" name="incubatorMail" value="on" checked=${on} />
        <label for="incubator-mail">${t('incubatorMail.settings.label')}</label>
      </div>
    </fieldset>
    <button type="submit">${t('incubatorMail.settings.button')}</button>
  </form>`
}

/** The account's own page: who they are, what they can manage, the communities they belong to. */
export function accountOverviewPage(context: PageContext, view: AccountOverviewView): string {
  const { t } = context
  return layout({
    context,
    title: t('account.title'),
    main: html`
      ${
        view.done === null
          ? null
          : html`<p class="notice" role="status">
              ${t(view.done === 'password' ? 'account.done.password' : 'incubatorMail.settings.done')}
            </p>`
      }
      <h1>${t('account.title')}</h1>
      <h2>${t('account.details.heading')}</h2>
      <dl class="details">
        <dt>${t('account.details.name')}</dt>
        <dd>${view.displayName}</dd>
        <dt>${t('account.details.email')}</dt>
        <dd>${view.email}</dd>
      </dl>
      <h2>${t('account.settings.heading')}</h2>
      <ul class="links">
        <li><a href="/account/password">${t('account.settings.password')}</a></li>
        <li><a href="/account/email">${t('accountEmail.settingsLink')}</a></li>
        <li><a href="/account/disclosures">${t('account.settings.disclosures')}</a></li>
        <li><a href="/account/data">${t('account.settings.data')}</a></li>
        <li><a href="/account/erase">${t('account.settings.erase')}</a></li>
      </ul>
      <h2>${t('account.communities.heading')}</h2>
      <p>${t('account.communities.count', { count: view.communities.length })}</p>
      ${
        view.communities.length === 0
          ? html`<p><a href="/">${t('account.communities.find')}</a></p>`
          : html`<ul class="links">
              ${view.communities.map(({ slug, name }) => html`<li><a href=${`/c/${slug}`}>${name}</a></li>`)}
            </ul>`
      }
      <h2>${t('account.language.heading')}</h2>
      ${languageChoice(context)}
      <h2>${t('incubatorMail.settings.heading')}</h2>
      ${incubatorMailChoice(context, view.incubatorMail)}
    `,
  })
}
