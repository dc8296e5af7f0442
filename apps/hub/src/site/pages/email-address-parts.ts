import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'

/** The button that mails the signed-in member a new link to confirm their address. */
export const resendVerificationForm = (context: PageContext): Markup =>
  html`<form method="post" action="/account/verification" class="inline">
    ${csrfField(context)}
    <button type="submit" class="secondary">${context.t('unverified.resend')}</button>
  </form>`

// Pages that deal with the address themselves, or explain what waits for it (with their own button), say
// it there; the banner would only repeat it.
const ownPages = [
  /^\/verify-email\//,
  /^\/email-confirmed$/,
  /^\/account\/email$/,
  /^\/sign-up\/check-inbox$/,
  /^\/c\/[^/]+\/join$/,
  /^\/proposals\/new$/,
  /^\/proposals\/[^/]+\/support$/,
]

/**
 * At the top of every page for a member who has not confirmed their address yet: why they cannot join,
 * and the button to have the link sent again. Nothing for anyone else.
 */
export function unverifiedBanner(context: PageContext): Markup | null {
  const { visitor } = context
  if (visitor === null || visitor.emailVerified || ownPages.some((page) => page.test(context.path))) return null
  return html`<div class="notice unverified">
    <p>${context.t('unverified.banner')}</p>
    ${resendVerificationForm(context)}
  </div>`
}

/**
 * Instead of joining, supporting or proposing, for a member who has not confirmed their address: why they
 * cannot yet, how to, and a way to fix a wrong address. On a page that also shows the banner, `withButton:
 * false` leaves the banner's button the only one.
 */
export const unverifiedExplanation = (context: PageContext, options: { withButton?: boolean } = {}): Markup =>
  html`<p>${context.t('unverified.why')}</p>
    ${
      options.withButton === false
        ? null
        : html`<p>${context.t('unverified.how')}</p>
            <p>${resendVerificationForm(context)}</p>`
    }
    <p><a href="/account/email">${context.t('unverified.wrongAddress')}</a></p>`
