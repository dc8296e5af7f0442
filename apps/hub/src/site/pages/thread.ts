import type { PostView, ThreadSummary } from '@kindred/forum'
import type { ThreadFollowing } from '@kindred/notifications'
import type { Author } from '@kindred/community'
import type { AuthorMarks } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { authorLine, postEditor, when, type EditorField } from './post-parts.ts'
import { ownPostLinks } from './post-edit.ts'
import { jumpToFirstUnread, unreadDivider } from './read-state-parts.ts'
import { threadFollowingSection } from './following-parts.ts'
import {
  hiddenPostForModerators,
  postModerationLinks,
  threadModerationLinks,
  threadNotice,
  type ThreadModeration,
  type ThreadNotice,
} from './report-thread.ts'

export type MarkedPost = Omit<PostView, 'author'> & { author: Author & AuthorMarks }

export interface ThreadView {
  slug: string
  communityName: string
  thread: ThreadSummary
  posts: readonly MarkedPost[]
  next: string | null
  reply: FormState<EditorField>
  previewHtml: string | null
  /** The first post of the page new since the member's last visit, if any: a divider before it, a link to it. */
  firstUnreadId?: string | null
  /** Reporting and moderation links, and hidden posts' text for moderators. */
  moderation?: ThreadModeration
  /** What was just done (a report, a moderator's action), said once. */
  done?: ThreadNotice | null
  /** The authors whose profile the reader may open: their pseudonym links to it. */
  openProfiles?: ReadonlySet<string>
  /** How the member is told of the thread's replies, with buttons to change it; null offers none (archived). */
  following?: ThreadFollowing | null
}

function meTooForm(context: PageContext, view: ThreadView, post: MarkedPost): Markup {
  const { t } = context
  const action = `/c/${view.slug}/p/${post.id}/me-too`
  // Enhanced: the post alone is swapped for its new state, keeping the reader's place and focus (the button's id).
  const postSelector = `#post-${post.id}`
  return html`<form
    method="post"
    action=${action}
    class="inline"
    hx-post=${action}
    hx-select=${postSelector}
    hx-target=${postSelector}
    hx-swap="outerHTML"
  >
    ${csrfField(context)}
    <input type="hidden" name="add" value=${post.meToo ? 'no' : 'yes'} />
    <button type="submit" class="secondary" id=${`me-too-${post.id}`} aria-pressed=${post.meToo ? 'true' : 'false'}>
      ${t('thread.meToo.button')} <span class="count">${t('thread.meToo.count', { count: post.meTooCount })}</span>
    </button>
  </form>`
}

function body(context: PageContext, post: MarkedPost): Markup {
  if (post.state === 'deleted') return html`<p class="removed">${context.t('thread.post.deleted')}</p>`
  if (post.state === 'hidden') return html`<p class="removed">${context.t('thread.post.hidden')}</p>`
  return html`<div class="post-body" dangerouslySetInnerHTML=${{ __html: post.bodyHtml ?? '' }}></div>`
}

const profileHref = (view: ThreadView, memberId: string): string | undefined =>
  view.openProfiles?.has(memberId) === true ? `/c/${view.slug}/members/${memberId}` : undefined

function postArticle(context: PageContext, view: ThreadView, post: MarkedPost): Markup {
  const { t } = context
  return html`<article class="post" id=${`post-${post.id}`} aria-labelledby=${`post-${post.id}-by`}>
    <header>
      <h2 class="post-by" id=${`post-${post.id}-by`}>${authorLine(context, post.author, profileHref(view, post.author.memberId))}</h2>
      <p class="meta">${when(context, post.createdAt)}${post.editedAt === null ? null : html` · ${t('thread.post.edited')}`}</p>
    </header>
    ${(view.moderation && hiddenPostForModerators(context, view.moderation, post)) ?? body(context, post)}
    ${post.state === 'visible' ? meTooForm(context, view, post) : null}
    ${view.moderation === undefined ? null : postModerationLinks(context, view.slug, view.moderation, post)}
    ${post.state === 'visible' && post.author.memberId === view.moderation?.viewerId ? ownPostLinks(context, view.slug, post) : null}
  </article>`
}

function replySection(context: PageContext, view: ThreadView): Markup {
  const { t } = context
  if (view.thread.locked) return html`<p class="notice">${t('thread.locked')}</p>`
  return html`<section aria-labelledby="reply-title" class="reply">
    <h2 id="reply-title">${t('thread.reply.title')}</h2>
    ${postEditor(context, {
      action: `/c/${view.slug}/t/${view.thread.id}`,
      form: view.reply,
      previewHtml: view.previewHtml,
      submitLabel: t('thread.reply.button'),
    })}
  </section>`
}

/** A thread: its posts in order with "me too", and a reply form at the end. */
export function threadPage(context: PageContext, view: ThreadView): string {
  const { t } = context
  return layout({
    context,
    title: `${view.thread.title} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('thread.back', { community: view.communityName })}</a></p>
      <h1>${view.thread.title}</h1>
      <p class="meta">${t('forum.thread.replies', { count: view.thread.replyCount })}</p>
      ${threadNotice(context, view.done)}
      ${view.moderation === undefined ? null : threadModerationLinks(context, view.slug, view.moderation, view.thread)}
      ${view.following == null ? null : threadFollowingSection(context, view.slug, view.thread.id, view.following)}
      ${view.firstUnreadId == null ? null : jumpToFirstUnread(context)}
      ${view.posts.map((post) => [post.id === view.firstUnreadId ? unreadDivider(context) : null, postArticle(context, view, post)])}
      ${
        view.next === null
          ? null
          : html`<p><a href=${`/c/${view.slug}/t/${view.thread.id}?cursor=${view.next}`} rel="next">${t('thread.nextPage')}</a></p>`
      }
      ${view.next === null ? replySection(context, view) : null}
    `,
  })
}
