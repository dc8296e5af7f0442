import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type SignInField = 'email' | 'password'

/** Signing in: email and password, one form. */
export function signInPage(context: PageContext, form: FormState<SignInField>): string {
  const { t } = context
  return layout({
    context,
    title: t('signIn.title'),
    main: html`
      ${errorSummary(context, form)}
      <h1>${t('signIn.title')}</h1>
      <form method="post" action="/sign-in" novalidate>
        ${csrfField(context)} ${field({ form, name: 'email', label: t('signIn.email.label'), type: 'email', autocomplete: 'email' })}
        ${field({ form, name: 'password', label: t('signIn.password.label'), type: 'password', autocomplete: 'current-password' })}
        <button type="submit">${t('signIn.button')}</button>
      </form>
      <p><a href="/sign-up">${t('signIn.noAccount')}</a></p>
    `,
  })
}
