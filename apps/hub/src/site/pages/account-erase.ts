import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { checkbox, csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { backToAccount } from './account-overview.ts'

export type EraseField = 'password' | 'confirm'

/** What erasing the account does, in plain words, then the password and a confirmation. */
export function accountErasePage(context: PageContext, form: FormState<EraseField>): string {
  const { t } = context
  return layout({
    context,
    title: t('account.erase.title'),
    main: html`
      ${backToAccount(context)} ${errorSummary(context, form)}
      <h1>${t('account.erase.title')}</h1>
      <p class="warning">${t('account.erase.warning')}</p>
      <h2>${t('account.erase.what.heading')}</h2>
      <ul>
        <li>${t('account.erase.what.signOut')}</li>
        <li>${t('account.erase.what.posts')}</li>
        <li>${t('account.erase.what.pseudonym')}</li>
        <li>${t('account.erase.what.proposals')}</li>
        <li>${t('account.erase.what.owner')}</li>
        <li>${t('account.erase.what.account')}</li>
      </ul>
      <p>${t('account.erase.what.time')}</p>
      <p><a href="/account/data">${t('account.erase.dataFirst')}</a></p>
      <h2>${t('account.erase.form.heading')}</h2>
      <form method="post" action="/account/erase" novalidate>
        ${csrfField(context)}
        ${field({
          form,
          name: 'password',
          label: t('account.erase.password.label'),
          hint: t('account.erase.password.hint'),
          type: 'password',
          autocomplete: 'current-password',
        })}
        ${checkbox({ form, name: 'confirm', label: t('account.erase.confirm.label') })}
        <button type="submit" class="danger">${t('account.erase.button')}</button>
      </form>
    `,
  })
}

/** Where the visitor lands once erasure is asked for: signed out, told what is under way. */
export function accountErasedPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('account.erased.title'),
    main: html`
      <h1>${t('account.erased.title')}</h1>
      <p>${t('account.erased.body')}</p>
      <p>${t('account.erased.thanks')}</p>
      <p><a href="/">${t('account.erased.homeLink')}</a></p>
    `,
  })
}
