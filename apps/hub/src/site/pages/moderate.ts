import type { ModerationOverview, OwnershipOffer } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import { csrfField } from '../form.ts'
import type { PageContext } from '../context.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'
import { when } from './post-parts.ts'

export interface ModerateHomeView {
  frame: ModerateFrame
  overview: ModerationOverview
  /** An open offer of ownership made to this moderator, who alone answers it; else null. */
  offerToMe: OwnershipOffer | null
  done: string | null
}

function offerToAnswer(context: PageContext, slug: string, offer: OwnershipOffer): Markup {
  const { t } = context
  const answer = (outcome: 'accept' | 'decline', label: string) =>
    html`<form method="post" action=${`/c/${slug}/moderate/ownership/${offer.id}/${outcome}`} class="inline">
      ${csrfField(context)}
      <button type="submit" class=${outcome === 'decline' ? 'secondary' : undefined}>${label}</button>
    </form>`
  return html`<section class="notice" aria-labelledby="offer-heading">
    <h2 id="offer-heading">${t('moderate.offer.toYou', { pseudonym: offer.offeredBy.pseudonym })}</h2>
    ${offer.reason === null ? null : html`<p>${offer.reason}</p>`}
    <p>${t('moderate.offer.whatAccepting')}</p>
    <div class="actions">${answer('accept', t('moderate.offer.accept'))} ${answer('decline', t('moderate.offer.decline'))}</div>
  </section>`
}

/** The moderators' home: what waits for them, with the way to each queue. */
export function moderateHomePage(context: PageContext, view: ModerateHomeView): string {
  const { t } = context
  const { frame, overview } = view
  return moderateLayout({
    context,
    frame,
    current: 'overview',
    before: doneNotice(view.done),
    main: html`
      ${view.offerToMe === null ? null : offerToAnswer(context, frame.slug, view.offerToMe)}
      <h2>${t('moderate.overview.waiting')}</h2>
      <ul class="links">
        <li>
          <a href=${moderatePath(frame.slug, 'joinRequests')}
            >${t('moderate.overview.joinRequests', { count: overview.pendingJoinRequests })}</a
          >
        </li>
        <li>
          <a href=${moderatePath(frame.slug, 'reports')}>${t('moderate.overview.reports', { count: overview.openReports })}</a>${
            overview.oldestOpenReportAt === null
              ? null
              : html`<span class="meta"> · ${t('moderate.overview.oldestReport')} ${when(context, overview.oldestOpenReportAt)}</span>`
          }
        </li>
      </ul>
    `,
  })
}
