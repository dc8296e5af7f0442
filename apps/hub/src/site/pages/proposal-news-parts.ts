import type { ProposalNewsView } from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { when } from './post-parts.ts'
import { unreadNotificationMark } from './notification-marks.ts'

/** The incubator's part of the notifications page: the account's latest news of proposals. */
export interface ProposalNewsSection {
  /** Newest first. */
  news: readonly ProposalNewsView[]
  unread: number
}

/** Where the marking form sends the visitor back to: `?marked=proposals` ("proposals" is no community's slug). */
export const proposalNewsMarked = 'proposals'

const sentences = {
  changes_requested: 'notifications.entry.proposalChangesRequested',
  ready: 'notifications.entry.proposalReady',
  approved: 'notifications.entry.proposalApproved',
  live: 'notifications.entry.proposalLive',
  expiring: 'notifications.entry.proposalExpiring',
  supported_live: 'notifications.entry.proposalSupportedLive',
} as const satisfies Record<ProposalNewsView['kind'], string>

// A launch leads to the community (once open); everything else to the proposal's page.
const target = (news: ProposalNewsView): string =>
  news.communitySlug === null ? `/proposals/${news.proposalId}` : `/c/${news.communitySlug}`

function entry(context: PageContext, news: ProposalNewsView): Markup {
  return html`<li class=${news.read ? 'notification' : 'notification unread'}>
    <a href=${target(news)}>${context.t(sentences[news.kind], { disease: news.diseaseName })}</a
    >${news.read ? null : [' ', unreadNotificationMark(context)]}
    <p class="meta">${when(context, news.createdAt)}</p>
  </li>`
}

/** The "Proposals" section, first on the page, with its unread marks and a form marking it all read. */
export function proposalNewsSection(context: PageContext, section: ProposalNewsSection): Markup {
  const { t } = context
  return html`<section class="proposal-notifications" aria-labelledby="notifications-proposals">
    <h2 id="notifications-proposals">${t('notifications.proposals.heading')}</h2>
    <p>${t('notifications.proposals.intro')}</p>
    <p class="meta">${t('notifications.community.unread', { count: section.unread })}</p>
    <ul class="notifications">
      ${section.news.map((news) => entry(context, news))}
    </ul>
    ${
      section.unread > 0
        ? html`<form method="post" action="/notifications/proposals/read">
            ${csrfField(context)}
            <button type="submit" class="secondary">${t('notifications.proposals.markAllRead')}</button>
          </form>`
        : null
    }
  </section>`
}
