import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'

/** Beyond this many, the header says "99+": a number that large asks for the page, not for counting. */
export const unreadNotificationsShown = 99

// As the forum's unread marks (read-state-parts.ts): a short text to see, a whole sentence to hear; text
// either way, never colour alone.
function unreadMark(short: string, long: string): Markup {
  return html`<span class="badge unread"><span aria-hidden="true">${short}</span><span class="visually-hidden">${long}</span></span>`
}

/** Beside the header's "Notifications" link: how many are unread in all the visitor's communities; nothing when none. */
export function unreadNotificationsMark({ t }: Pick<PageContext, 't'>, count: number): Markup | null {
  if (count === 0) return null
  if (count > unreadNotificationsShown) {
    const shown = { count: unreadNotificationsShown }
    return unreadMark(t('notifications.nav.unreadMany', shown), t('notifications.nav.unreadManyLong', shown))
  }
  return unreadMark(t('notifications.nav.unread', { count }), t('notifications.nav.unreadLong', { count }))
}

/** Beside one notification not read yet. */
export function unreadNotificationMark({ t }: Pick<PageContext, 't'>): Markup {
  return unreadMark(t('notifications.entry.unread'), t('notifications.entry.unreadLong'))
}
