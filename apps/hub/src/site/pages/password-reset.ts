import { accountLinkLifetimeSeconds } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type ResetRequestField = 'email'

/** How long a reset link works, as the pages and the message say it. */
export const resetLinkMinutes = accountLinkLifetimeSeconds.reset_password / 60

/** Asking for a reset: the account's email address, one question. */
export function passwordResetRequestPage(context: PageContext, form: FormState<ResetRequestField>): string {
  const { t } = context
  return layout({
    context,
    title: t('passwordReset.request.title'),
    main: html`
      ${errorSummary(context, form)}
      <h1>${t('passwordReset.request.title')}</h1>
      <p>${t('passwordReset.request.intro')}</p>
      <form method="post" action="/password-reset" novalidate>
        ${csrfField(context)}
        ${field({ form, name: 'email', label: t('passwordReset.request.email.label'), type: 'email', autocomplete: 'email' })}
        <button type="submit">${t('passwordReset.request.button')}</button>
      </form>
    `,
  })
}

/** After asking: the same words whatever the address, so the page tells no one whether it has an account. */
export function passwordResetSentPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('passwordReset.sent.title'),
    main: html`
      <h1>${t('passwordReset.sent.title')}</h1>
      <p>${t('passwordReset.sent.body', { minutes: resetLinkMinutes })}</p>
      <p>${t('passwordReset.sent.spam')}</p>
      <p><a href="/password-reset">${t('passwordReset.sent.again')}</a></p>
    `,
  })
}
