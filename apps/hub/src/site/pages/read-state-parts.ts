import { unreadThreadsCap } from '@kindred/forum'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'

/** The anchor of the first post a member has not read, which the link at the top of a thread jumps to. */
export const firstUnreadAnchor = 'first-unread'

// A short mark to see ("3 new") and a whole sentence to hear ("3 unread posts"): text either way, never
// colour alone, and a screen reader does not read the short one out of context.
function unreadMark(short: string, long: string): Markup {
  return html`<span class="badge unread"><span aria-hidden="true">${short}</span><span class="visually-hidden">${long}</span></span>`
}

/** Beside a thread in the list: how many of its posts the member has not read; nothing when none. */
export function threadUnread({ t }: PageContext, count: number): Markup | null {
  if (count === 0) return null
  return unreadMark(t('forum.thread.unread', { count }), t('forum.thread.unreadLong', { count }))
}

/** Beside a community in the switcher: how many of its threads have posts the member has not read. */
export function communityUnread({ t }: PageContext, count: number): Markup | null {
  if (count === 0) return null
  if (count >= unreadThreadsCap) {
    const shown = unreadThreadsCap - 1
    return unreadMark(t('switcher.unreadMany', { count: shown }), t('switcher.unreadManyLong', { count: shown }))
  }
  return unreadMark(t('switcher.unread', { count }), t('switcher.unreadLong', { count }))
}

/** At the top of a thread, when a post of the page is new since the member's last visit: a way straight to it. */
export function jumpToFirstUnread({ t }: PageContext): Markup {
  return html`<p class="jump-unread"><a href=${`#${firstUnreadAnchor}`}>${t('thread.unread.jump')}</a></p>`
}

/** Before the first post that is new since the member's last visit; a heading, so it is found by heading too. */
export function unreadDivider({ t }: PageContext): Markup {
  return html`<h2 class="unread-divider" id=${firstUnreadAnchor}>${t('thread.unread.divider')}</h2>`
}
