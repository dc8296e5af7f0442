import { passwordLength } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type SignUpField = 'displayName' | 'email' | 'password'

/** Creating an account: a name, an email and a password, then a link to confirm the address by mail. */
export function signUpPage(context: PageContext, form: FormState<SignUpField>): string {
  const { t } = context
  return layout({
    context,
    title: t('signUp.title'),
    main: html`
      ${errorSummary(context, form)}
      <h1>${t('signUp.title')}</h1>
      <form method="post" action="/sign-up" novalidate>
        ${csrfField(context)}
        ${field({ form, name: 'displayName', label: t('signUp.displayName.label'), hint: t('signUp.displayName.hint'), autocomplete: 'name' })}
        ${field({ form, name: 'email', label: t('signUp.email.label'), type: 'email', autocomplete: 'email' })}
        ${field({
          form,
          name: 'password',
          label: t('signUp.password.label'),
          hint: t('signUp.password.hint', { min: passwordLength.min }),
          type: 'password',
          autocomplete: 'new-password',
        })}
        <button type="submit">${t('signUp.button')}</button>
      </form>
      <p><a href="/sign-in">${t('signUp.haveAccount')}</a></p>
    `,
  })
}
