import type { FollowLevel } from '@kindred/community'
import type { Category, ListedThread } from '@kindred/forum'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { when } from './post-parts.ts'
import { threadUnread } from './read-state-parts.ts'
import { categoryFollowingSection } from './following-parts.ts'

export interface ForumView {
  slug: string
  name: string
  pseudonym: string
  categories: readonly Category[]
  /** The category shown, or null for every category. */
  categoryId: string | null
  /** The threads shown, each with the member's unread posts and its opening post's excerpt. */
  threads: { items: readonly ListedThread[]; next: string | null }
  /** Whether a charter version the member has not accepted yet is in force (they may read, not write). */
  charterToAccept: boolean
  /** Whether the member moderates the community: their way to its moderation pages. */
  moderates: boolean
  /** How the member follows the category shown, with buttons to change it; undefined offers none. */
  categoryFollowing?: FollowLevel | null
}

function categoryFollowing(context: PageContext, view: ForumView): Markup | null {
  const category = view.categories.find(({ id }) => id === view.categoryId)
  if (category === undefined || view.categoryFollowing === undefined) return null
  return categoryFollowingSection(context, view.slug, category, view.categoryFollowing)
}

function categoryNavigation(context: PageContext, view: ForumView): Markup {
  const link = (href: string, label: string, current: boolean) =>
    html`<li><a href=${href} aria-current=${current ? 'page' : undefined}>${label}</a></li>`
  return html`<nav aria-label=${context.t('forum.categories.label')} class="categories">
    <ul>
      ${link(`/c/${view.slug}`, context.t('forum.categories.all'), view.categoryId === null)}
      ${view.categories.map((category) => link(`/c/${view.slug}?category=${category.id}`, category.name, category.id === view.categoryId))}
    </ul>
  </nav>`
}

function threadItem(context: PageContext, view: ForumView, thread: ListedThread): Markup {
  const { t } = context
  const category = view.categories.find(({ id }) => id === thread.categoryId)
  return html`<li class="thread">
    <h3>
      <a href=${`/c/${view.slug}/t/${thread.id}`}>${thread.title}</a
      >${thread.locked ? html` <span class="badge">${t('forum.locked')}</span>` : null}${threadUnread(context, thread.unread)}
    </h3>
    ${thread.excerpt === null ? null : html`<p class="excerpt">${thread.excerpt}</p>`}
    <p class="meta">
      ${[
        t('forum.thread.startedBy', { pseudonym: thread.author.pseudonym }),
        category?.name,
        t('forum.thread.replies', { count: thread.replyCount }),
        html`${t('forum.thread.lastActivity')} ${when(context, thread.lastActivityAt)}`,
      ]
        .filter((part) => part !== undefined)
        .map((part, index) => html`${index === 0 ? null : ' · '}${part}`)}
    </p>
  </li>`
}

function nextLink(context: PageContext, view: ForumView): Markup | null {
  if (view.threads.next === null) return null
  const query = new URLSearchParams({ ...(view.categoryId === null ? {} : { category: view.categoryId }), cursor: view.threads.next })
  return html`<p><a href=${`/c/${view.slug}?${query.toString()}`} rel="next">${context.t('forum.nextPage')}</a></p>`
}

/** A community's forum as its members see it: categories, the latest threads, a way to start one. */
export function forumPage(context: PageContext, view: ForumView): string {
  const { t } = context
  return layout({
    context,
    title: view.name,
    main: html`
      <h1>${view.name}</h1>
      <p>${t('forum.youAre', { pseudonym: view.pseudonym })}</p>
      <nav aria-label=${t('messages.nav.label')} class="community-nav">
        <ul>
          <li><a href=${`/c/${view.slug}/search`}>${t('people.nav.search')}</a></li>
          <li><a href=${`/c/${view.slug}/members`}>${t('people.nav.members')}</a></li>
          <li><a href=${`/c/${view.slug}/messages`}>${t('messages.nav.messages')}</a></li>
          <li><a href=${`/c/${view.slug}/privacy`}>${t('messages.nav.privacy')}</a></li>
          <li><a href=${`/c/${view.slug}/notifications/settings`}>${t('notifications.nav.settings')}</a></li>
          ${view.moderates ? html`<li><a href=${`/c/${view.slug}/moderate`}>${t('moderate.link')}</a></li>` : null}
        </ul>
      </nav>
      ${
        view.charterToAccept
          ? html`<p class="notice">${t('forum.charterToAccept')} <a href=${`/c/${view.slug}/charter`}>${t('forum.charterLink')}</a></p>`
          : null
      }
      <p>
        <a class="button" href=${`/c/${view.slug}/new${view.categoryId === null ? '' : `?category=${view.categoryId}`}`}
          >${t('forum.newThread')}</a
        >
      </p>
      ${categoryNavigation(context, view)} ${categoryFollowing(context, view)}
      <h2>${t('forum.threads.title')}</h2>
      ${
        view.threads.items.length === 0
          ? html`<p>${t('forum.threads.none')}</p>`
          : html`<ul class="threads">
              ${view.threads.items.map((thread) => threadItem(context, view, thread))}
            </ul>`
      }
      ${nextLink(context, view)}
    `,
  })
}
