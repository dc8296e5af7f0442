import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type SignInField = 'email' | 'password'

/** Signing in: email and password, one form; then back to `next`, the page that asked for it, if any. */
export function signInPage(context: PageContext, form: FormState<SignInField>, next?: string): string {
  const { t } = context
  return layout({
    context,
    title: t('signIn.title'),
    main: html`
      ${errorSummary(context, form)}
      <h1>${t('signIn.title')}</h1>
      <form method="post" action="/sign-in" novalidate>
        ${csrfField(context)} ${next === undefined ? null : html`<input type="hidden" name="next" value=${next} />`}
        ${field({ form, name: 'email', label: t('signIn.email.label'), type: 'email', autocomplete: 'email' })}
        ${field({ form, name: 'password', label: t('signIn.password.label'), type: 'password', autocomplete: 'current-password' })}
        <button type="submit">${t('signIn.button')}</button>
      </form>
      <p><a href="/password-reset">${t('passwordReset.signInLink')}</a></p>
      <p><a href="/sign-up">${t('signIn.noAccount')}</a></p>
    `,
  })
}
