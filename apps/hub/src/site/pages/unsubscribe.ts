import type { NotificationKind } from '@kindred/community'
import type { MessageId } from '@kindred/i18n'
import type { DigestChoice } from '@kindred/notifications'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

export type UnsubscribeView =
  | { state: 'confirm'; token: string }
  | { state: 'done'; communityName: string; communitySlug: string; kind: NotificationKind | DigestChoice }
  | { state: 'incubatorDone' }
  | { state: 'invalid' }

const kindNames: Record<NotificationKind | DigestChoice, MessageId> = {
  reply: 'unsubscribe.kind.reply',
  mention: 'unsubscribe.kind.mention',
  message: 'unsubscribe.kind.message',
  join_decision: 'unsubscribe.kind.joinDecision',
  moderation: 'unsubscribe.kind.moderation',
  daily_digest: 'unsubscribe.digest.daily',
  weekly_digest: 'unsubscribe.digest.weekly',
}

// A digest spans the member's communities: what stopped is said of all of them, not of the one its link names.
const isDigest = (kind: NotificationKind | DigestChoice): kind is DigestChoice => kind === 'daily_digest' || kind === 'weekly_digest'

/**
 * Stopping one kind of mail from a link in it, without signing in: a page with one button (a GET never
 * changes anything, since mail scanners follow links), then what was turned off and where to choose again.
 */
export function unsubscribePage(context: PageContext, view: UnsubscribeView): string {
  const { t } = context
  const main =
    view.state === 'confirm'
      ? html`<h1>${t('unsubscribe.title')}</h1>
          <p>${t('unsubscribe.intro')}</p>
          <form method="post" action=${`/unsubscribe/${view.token}`}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit">${t('unsubscribe.button')}</button>
          </form>`
      : view.state === 'done'
        ? html`<h1>${t('unsubscribe.done.title')}</h1>
            <p>
              ${
                isDigest(view.kind)
                  ? t('unsubscribe.digest.done', { what: t(kindNames[view.kind]) })
                  : t('unsubscribe.done.body', { what: t(kindNames[view.kind]), community: view.communityName })
              }
            </p>
            <p>${t('unsubscribe.done.onSite')}</p>
            <p><a href=${`/c/${view.communitySlug}/notifications/settings`}>${t('unsubscribe.done.settings')}</a></p>`
        : view.state === 'incubatorDone'
          ? html`<h1>${t('unsubscribe.done.title')}</h1>
              <p>${t('incubatorMail.unsubscribed.body')}</p>
              <p><a href="/account">${t('incubatorMail.unsubscribed.settings')}</a></p>`
          : html`<h1>${t('unsubscribe.invalid.title')}</h1>
              <p>${t('unsubscribe.invalid.body')}</p>`
  return layout({ context, title: t(view.state === 'invalid' ? 'unsubscribe.invalid.title' : 'unsubscribe.title'), main })
}
