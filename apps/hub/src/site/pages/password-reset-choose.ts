import { passwordLength } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { resetLinkMinutes } from './password-reset.ts'

export type NewPasswordField = 'password'

/** The page a reset link opens: the new password, once; the form posts back to the link's own address. */
export function passwordResetChoosePage(context: PageContext, token: string, form: FormState<NewPasswordField>): string {
  const { t } = context
  return layout({
    context,
    title: t('passwordReset.choose.title'),
    main: html`
      ${errorSummary(context, form)}
      <h1>${t('passwordReset.choose.title')}</h1>
      <p>${t('passwordReset.choose.intro')}</p>
      <form method="post" action=${`/password-reset/${token}`} novalidate>
        ${csrfField(context)}
        ${field({
          form,
          name: 'password',
          label: t('passwordReset.choose.password.label'),
          hint: t('passwordReset.choose.password.hint', { min: passwordLength.min }),
          type: 'password',
          autocomplete: 'new-password',
        })}
        <button type="submit">${t('passwordReset.choose.button')}</button>
      </form>
    `,
  })
}

/** A link used, expired or unknown: said plainly, with the way to ask for another. */
export function passwordResetInvalidPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('passwordReset.invalid.title'),
    main: html`
      <h1>${t('passwordReset.invalid.title')}</h1>
      <p>${t('passwordReset.invalid.body', { minutes: resetLinkMinutes })}</p>
      <p><a href="/password-reset">${t('passwordReset.invalid.again')}</a></p>
    `,
  })
}

/** The password changed: every session has ended, this browser's too, so the way on is signing in. */
export function passwordResetDonePage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('passwordReset.done.title'),
    main: html`
      <h1>${t('passwordReset.done.title')}</h1>
      <p>${t('passwordReset.done.body')}</p>
      <p><a href="/sign-in">${t('passwordReset.done.signIn')}</a></p>
    `,
  })
}
