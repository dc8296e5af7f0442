import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'
import { backToAccount } from './account-overview.ts'

/** What the download holds, and the button that sends it. */
export function accountDataPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('account.data.title'),
    main: html`
      ${backToAccount(context)}
      <h1>${t('account.data.title')}</h1>
      <p>${t('account.data.intro')}</p>
      <ul>
        <li>${t('account.data.holds.account')}</li>
        <li>${t('account.data.holds.communities')}</li>
        <li>${t('account.data.holds.writing')}</li>
        <li>${t('account.data.holds.proposals')}</li>
        <li>${t('account.data.holds.sessions')}</li>
      </ul>
      <p>${t('account.data.format')}</p>
      <form method="post" action="/account/data/download">
        ${csrfField(context)}
        <button type="submit">${t('account.data.button')}</button>
      </form>
    `,
  })
}
