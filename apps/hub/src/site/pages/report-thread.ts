import type { Author, PostState } from '@kindred/community'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'

/** What a thread page shows for reporting and moderation, by who reads it. */
export interface ThreadModeration {
  /** The reader: their own posts are not theirs to report. */
  viewerId: string
  moderator: boolean
  /** For moderators only: the text of the page's hidden posts, by post id (null once deleted). */
  hiddenBodies: ReadonlyMap<string, string | null>
}

/** What the thread page says after a report or a moderator's action (`?done=`). */
export const threadNotices = ['reported', 'hidden', 'restored', 'locked', 'unlocked'] as const
export type ThreadNotice = (typeof threadNotices)[number]

interface PostRef {
  id: string
  state: PostState
  author: Author
}

export function threadNotice(context: PageContext, done: ThreadNotice | null | undefined): Markup | null {
  return done === null || done === undefined
    ? null
    : html`<p class="notice" role="status">${context.t(`contentModeration.done.${done}`)}</p>`
}

/**
 * A hidden post as a moderator reads it: marked as hidden from members, its text below. Null for anyone
 * else (members read only that it was hidden).
 */
export function hiddenPostForModerators(context: PageContext, moderation: ThreadModeration, post: PostRef): Markup | null {
  const body = moderation.hiddenBodies.get(post.id)
  if (post.state !== 'hidden' || body === undefined || body === null) return null
  return html`<p><span class="badge badge-moderation">${context.t('report.state.hidden')}</span></p>
    <div class="post-body post-hidden" dangerouslySetInnerHTML=${{ __html: body }}></div>`
}

/**
 * The links under a post: report it (members, on others' visible posts), hide or restore it (moderators).
 * Each link names the post's author for screen readers, as a page has many.
 */
export function postModerationLinks(context: PageContext, slug: string, moderation: ThreadModeration, post: PostRef): Markup | null {
  const { t } = context
  const about = { pseudonym: post.author.pseudonym }
  const links = [
    post.state === 'visible' && post.author.memberId !== moderation.viewerId
      ? html`<a href=${`/c/${slug}/report/post/${post.id}`} aria-label=${t('report.link.label', about)}>${t('report.link')}</a>`
      : null,
    moderation.moderator && post.state === 'visible'
      ? html`<a href=${`/c/${slug}/moderate/posts/${post.id}/hide`} aria-label=${t('contentModeration.post.hide.label', about)}
          >${t('contentModeration.post.hide')}</a
        >`
      : null,
    moderation.moderator && post.state === 'hidden'
      ? html`<a href=${`/c/${slug}/moderate/posts/${post.id}/restore`} aria-label=${t('contentModeration.post.restore.label', about)}
          >${t('contentModeration.post.restore')}</a
        >`
      : null,
  ].filter((link) => link !== null)
  if (links.length === 0) return null
  return html`<ul class="post-links">
    ${links.map((link) => html`<li>${link}</li>`)}
  </ul>`
}

/** Lock or unlock the thread, for moderators. */
export function threadModerationLinks(
  context: PageContext,
  slug: string,
  moderation: ThreadModeration,
  thread: { id: string; locked: boolean },
): Markup | null {
  if (!moderation.moderator) return null
  const { t } = context
  const action = thread.locked ? 'unlock' : 'lock'
  return html`<p class="moderation-links">
    <a href=${`/c/${slug}/moderate/threads/${thread.id}/${action}`}>${t(`contentModeration.thread.${action}`)}</a>
  </p>`
}
