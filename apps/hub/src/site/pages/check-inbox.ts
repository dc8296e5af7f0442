import { accountLinkLifetimeSeconds } from '@kindred/identity'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

/**
 * After creating an account: the same page whether the address was new or already had an account (its
 * owner was mailed instead), so that it tells no one which addresses are registered.
 */
export function checkInboxPage(context: PageContext): string {
  const { t } = context
  return layout({
    context,
    title: t('checkInbox.title'),
    main: html`
      <h1>${t('checkInbox.title')}</h1>
      <p class="lead">${t('checkInbox.sent')}</p>
      <p>${t('checkInbox.expires', { hours: accountLinkLifetimeSeconds.verify_email / 3600 })}</p>
      <p>${t('checkInbox.signIn')}</p>
      <p><a class="button" href="/sign-in">${t('checkInbox.signInLink')}</a></p>
    `,
  })
}
