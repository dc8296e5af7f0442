import { unreadPostsCap, unreadThreadsCap } from '@kindred/forum'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'

/** The anchor of the first post a member has not read, which the link at the top of a thread jumps to. */
export const firstUnreadAnchor = 'first-unread'

// A short mark to see ("3 new") and a whole sentence to hear ("3 unread posts"): text either way, never
// colour alone, and a screen reader does not read the short one out of context.
function unreadMark(short: string, long: string): Markup {
  return html`<span class="badge unread"><span aria-hidden="true">${short}</span><span class="visually-hidden">${long}</span></span>`
}

type CountKeys = Record<'few' | 'fewLong' | 'many' | 'manyLong', MessageId>

// A count the package stops at `cap` reads "99+": what lies beyond was never counted.
function cappedMark({ t }: Pick<PageContext, 't'>, count: number, cap: number, keys: CountKeys): Markup | null {
  if (count === 0) return null
  if (count >= cap) return unreadMark(t(keys.many, { count: cap - 1 }), t(keys.manyLong, { count: cap - 1 }))
  return unreadMark(t(keys.few, { count }), t(keys.fewLong, { count }))
}

/** Beside a thread in the list: how many of its posts the member has not read; nothing when none. */
export function threadUnread(context: Pick<PageContext, 't'>, count: number): Markup | null {
  return cappedMark(context, count, unreadPostsCap, {
    few: 'forum.thread.unread',
    fewLong: 'forum.thread.unreadLong',
    many: 'forum.thread.unreadMany',
    manyLong: 'forum.thread.unreadManyLong',
  })
}

/** Beside a community in the switcher: how many of its threads have posts the member has not read. */
export function communityUnread(context: Pick<PageContext, 't'>, count: number): Markup | null {
  return cappedMark(context, count, unreadThreadsCap, {
    few: 'switcher.unread',
    fewLong: 'switcher.unreadLong',
    many: 'switcher.unreadMany',
    manyLong: 'switcher.unreadManyLong',
  })
}

/** At the top of a thread, when a post of the page is new since the member's last visit: a way straight to it. */
export function jumpToFirstUnread({ t }: PageContext): Markup {
  return html`<p class="jump-unread"><a href=${`#${firstUnreadAnchor}`}>${t('thread.unread.jump')}</a></p>`
}

/** Before the first post that is new since the member's last visit; a heading, so it is found by heading too. */
export function unreadDivider({ t }: PageContext): Markup {
  return html`<h2 class="unread-divider" id=${firstUnreadAnchor}>${t('thread.unread.divider')}</h2>`
}
