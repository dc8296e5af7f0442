import { passwordLength } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { backToAccount } from './account-overview.ts'

export type PasswordField = 'currentPassword' | 'newPassword'

/** Changing the password: the current one, then the new one; every other session ends. */
export function accountPasswordPage(context: PageContext, form: FormState<PasswordField>): string {
  const { t } = context
  return layout({
    context,
    title: t('account.password.title'),
    main: html`
      ${backToAccount(context)} ${errorSummary(context, form)}
      <h1>${t('account.password.title')}</h1>
      <p>${t('account.password.intro')}</p>
      <form method="post" action="/account/password" novalidate>
        ${csrfField(context)}
        ${field({ form, name: 'currentPassword', label: t('account.password.current.label'), type: 'password', autocomplete: 'current-password' })}
        ${field({
          form,
          name: 'newPassword',
          label: t('account.password.new.label'),
          hint: t('account.password.new.hint', { min: passwordLength.min }),
          type: 'password',
          autocomplete: 'new-password',
        })}
        <button type="submit">${t('account.password.button')}</button>
      </form>
    `,
  })
}
