import type { NotificationView } from '@kindred/notifications'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'
import { when } from './post-parts.ts'
import { unreadNotificationMark } from './notification-marks.ts'
import { proposalNewsSection, type ProposalNewsSection } from './proposal-news-parts.ts'

/** One community's part of the notifications page. */
export interface CommunityNotifications {
  slug: string
  name: string
  /** How many are unread (some may be of posts since hidden, which the list leaves out). */
  unread: number
  /** The latest, newest first, each told with pseudonyms of this community only. */
  notifications: readonly NotificationView[]
  /** Whether they may be marked read here: not in an archived community, which is read-only. */
  writable: boolean
}

export interface NotificationsView {
  /** The incubator's news for the visitor (their proposals, those they supported): shown first, when there is any. */
  proposals: ProposalNewsSection
  /** The visitor's communities, the one with the latest news first. */
  communities: readonly CommunityNotifications[]
  /** The name of the community whose notifications were just marked read, said once. */
  marked: string | null
  /** Whether the news of proposals was just marked read, said once. */
  proposalsMarked: boolean
}

// What happened, in a sentence; only the author's pseudonym in the community the notification is from.
function sentence({ t }: PageContext, notification: NotificationView): string {
  const pseudonym = notification.by ?? t('notifications.entry.someone')
  const thread = notification.threadTitle ?? ''
  if (notification.kind === 'reply') {
    return notification.opensThread
      ? t('notifications.entry.started', { pseudonym, thread })
      : t('notifications.entry.reply', { pseudonym, thread })
  }
  if (notification.kind === 'mention') return t('notifications.entry.mention', { pseudonym, thread })
  if (notification.kind === 'message') return t('notifications.entry.message', { pseudonym })
  if (notification.kind === 'join_decision') {
    if (notification.decision === 'approved') return t('notifications.entry.joinApproved')
    return notification.decision === 'declined' ? t('notifications.entry.joinDeclined') : t('notifications.entry.joinDecision')
  }
  if (notification.reportId !== null) return t('notifications.entry.report')
  return notification.by === null ? t('notifications.entry.moderation') : t('notifications.entry.joinRequest', { pseudonym })
}

function target(slug: string, notification: NotificationView): string {
  if (notification.postId !== null) return `/c/${slug}/p/${notification.postId}`
  if (notification.threadId !== null) return `/c/${slug}/t/${notification.threadId}`
  if (notification.senderId !== null) return `/c/${slug}/messages/${notification.senderId}`
  if (notification.kind === 'message') return `/c/${slug}/messages`
  if (notification.reportId !== null) return `/c/${slug}/moderate/reports`
  if (notification.kind === 'moderation') return `/c/${slug}/moderate/join-requests`
  return `/c/${slug}`
}

function entry(context: PageContext, slug: string, notification: NotificationView): Markup {
  return html`<li class=${notification.read ? 'notification' : 'notification unread'}>
    <a href=${target(slug, notification)}>${sentence(context, notification)}</a
    >${notification.read ? null : [' ', unreadNotificationMark(context)]}
    <p class="meta">${when(context, notification.createdAt)}</p>
  </li>`
}

function communitySection(context: PageContext, community: CommunityNotifications): Markup {
  const { t } = context
  const headingId = `notifications-${community.slug}`
  return html`<section class="community-notifications" aria-labelledby=${headingId}>
    <h2 id=${headingId}>${community.name}</h2>
    <p class="meta">${t('notifications.community.unread', { count: community.unread })}</p>
    ${
      community.notifications.length === 0
        ? html`<p>${t('notifications.community.none')}</p>`
        : html`<ul class="notifications">
            ${community.notifications.map((notification) => entry(context, community.slug, notification))}
          </ul>`
    }
    ${
      community.writable && community.unread > 0
        ? html`<form method="post" action=${`/c/${community.slug}/notifications/read`}>
            ${csrfField(context)}
            <button type="submit" class="secondary">${t('notifications.markAllRead', { community: community.name })}</button>
          </form>`
        : null
    }
    <p>
      <a href=${`/c/${community.slug}/notifications/settings`}>${t('notifications.settingsLink', { community: community.name })}</a>
    </p>
  </section>`
}

// Without a community, a visitor with news of proposals still has something to read: the page says only
// that they belong to none yet.
function noCommunities({ t }: PageContext, hasNews: boolean): Markup {
  const sentence = hasNews ? t('notifications.proposals.noCommunities') : t('notifications.noCommunities')
  return html`<p>${sentence} <a href="/">${t('notifications.findCommunity')}</a></p>`
}

function notice({ t }: PageContext, view: NotificationsView): Markup | null {
  if (view.proposalsMarked) return html`<p class="notice" role="status">${t('notifications.proposals.marked')}</p>`
  return view.marked === null ? null : html`<p class="notice" role="status">${t('notifications.marked', { community: view.marked })}</p>`
}

/**
 * What happened in all the visitor's communities, grouped by community, unread ones marked; the news of
 * their proposals (and of those they supported) first, when there is any.
 */
export function notificationsPage(context: PageContext, view: NotificationsView): string {
  const { t } = context
  const hasNews = view.proposals.news.length > 0
  return layout({
    context,
    title: t('notifications.title'),
    main: html`
      ${notice(context, view)}
      <h1>${t('notifications.title')}</h1>
      ${hasNews ? proposalNewsSection(context, view.proposals) : null}
      ${
        view.communities.length === 0
          ? noCommunities(context, hasNews)
          : html`<p>${t('notifications.intro')}</p>
              ${view.communities.map((community) => communitySection(context, community))}`
      }
    `,
  })
}
