import { accountLinkLifetimeSeconds } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'
import { resendVerificationForm } from './email-address-parts.ts'

const lifetimeHours = accountLinkLifetimeSeconds.verify_email / 3600

/**
 * What a verification link opens: a button that confirms. Opening the link changes nothing, because mail
 * scanners open links before people do; pressing the button sends the form that uses it.
 */
export function verifyEmailPage(context: PageContext, token: string): string {
  const { t } = context
  return layout({
    context,
    title: t('verifyEmail.title'),
    main: html`
      <h1>${t('verifyEmail.title')}</h1>
      <p>${t('verifyEmail.intro')}</p>
      <form method="post" action=${`/verify-email/${token}`}>
        ${csrfField(context)}
        <button type="submit">${t('verifyEmail.button')}</button>
      </form>
    `,
  })
}

/** A link used, expired or never issued: why, and the way to a new one (signing in first if need be). */
export function verifyLinkInvalidPage(context: PageContext): string {
  const { t } = context
  const again =
    context.visitor === null
      ? html`<p>${t('verifyEmail.invalid.signIn')}</p>
          <p><a class="button" href="/sign-in">${t('verifyEmail.invalid.signInLink')}</a></p>`
      : context.visitor.emailVerified
        ? null
        : html`<p>${t('verifyEmail.invalid.again')}</p>
            <p>${resendVerificationForm(context)}</p>`
  return layout({
    context,
    title: t('verifyEmail.invalid.title'),
    main: html`
      <h1>${t('verifyEmail.invalid.title')}</h1>
      <p>${t('verifyEmail.invalid.body', { hours: lifetimeHours })}</p>
      ${again}
    `,
  })
}

/** After confirming: what the member may now do, and the way on (signing in, if this browser is not). */
export function emailConfirmedPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('emailConfirmed.title'),
    main: html`
      <h1>${t('emailConfirmed.title')}</h1>
      <p>${t('emailConfirmed.body')}</p>
      <p>
        ${
          context.visitor === null
            ? html`<a class="button" href="/sign-in">${t('emailConfirmed.signIn')}</a>`
            : html`<a class="button" href="/">${t('emailConfirmed.continue')}</a>`
        }
      </p>
    `,
  })
}
