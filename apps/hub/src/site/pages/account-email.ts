import { accountLinkLifetimeSeconds } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { backToAccount } from './account-overview.ts'
import { resendVerificationForm } from './email-address-parts.ts'

export type EmailChangeField = 'email' | 'password'

export interface AccountEmailView {
  email: string
  verified: boolean
  form: FormState<EmailChangeField>
  /** What the member has just done, confirmed at the top of the page. */
  done: 'changeRequested' | 'verificationSent' | null
}

function doneNotice({ t }: PageContext, done: AccountEmailView['done']) {
  if (done === null) return null
  const message =
    done === 'changeRequested'
      ? t('accountEmail.done.changeRequested')
      : t('accountEmail.done.verificationSent', { hours: accountLinkLifetimeSeconds.verify_email / 3600 })
  return html`<p class="notice" role="status">${message}</p>`
}

/** The account's address: whether it is confirmed (with the link sent again if not), and changing it. */
export function accountEmailPage(context: PageContext, view: AccountEmailView): string {
  const { t } = context
  return layout({
    context,
    title: t('accountEmail.title'),
    main: html`
      ${backToAccount(context)} ${errorSummary(context, view.form)} ${doneNotice(context, view.done)}
      <h1>${t('accountEmail.title')}</h1>
      <p>${t('accountEmail.current', { email: view.email })}</p>
      ${
        view.verified
          ? html`<p>${t('accountEmail.confirmed')}</p>`
          : html`<p>${t('accountEmail.unconfirmed')}</p>
              <p>${resendVerificationForm(context)}</p>`
      }
      <h2>${t('accountEmail.change.heading')}</h2>
      <p>${t('accountEmail.change.intro')}</p>
      <form method="post" action="/account/email" novalidate>
        ${csrfField(context)}
        ${field({ form: view.form, name: 'email', label: t('accountEmail.newEmail.label'), type: 'email', autocomplete: 'email' })}
        ${field({
          form: view.form,
          name: 'password',
          label: t('accountEmail.password.label'),
          hint: t('accountEmail.password.hint'),
          type: 'password',
          autocomplete: 'current-password',
        })}
        <button type="submit">${t('accountEmail.button')}</button>
      </form>
    `,
  })
}
