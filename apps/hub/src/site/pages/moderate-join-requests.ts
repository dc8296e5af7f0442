import type { JoinRequest, MemberRef } from '@kindred/moderation'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'
import { when } from './post-parts.ts'

export interface JoinRequestsView {
  frame: ModerateFrame
  requests: { items: readonly JoinRequest[]; next: string | null }
  /** What the moderator just did, said at the top, or null. */
  done: string | null
}

/** Requests to join waiting for a decision, oldest first: approve at once, or decline with a reason. */
export function joinRequestsPage(context: PageContext, view: JoinRequestsView): string {
  const { t } = context
  const { frame } = view
  const base = moderatePath(frame.slug, 'joinRequests')
  return moderateLayout({
    context,
    frame,
    current: 'joinRequests',
    before: doneNotice(view.done),
    main: html`
      <p>${t('moderate.joinRequests.intro')}</p>
      ${
        view.requests.items.length === 0
          ? html`<p>${t('moderate.joinRequests.none')}</p>`
          : html`<ul class="threads">
              ${view.requests.items.map(
                (request) =>
                  html`<li class="thread">
                    <h2>${request.pseudonym}</h2>
                    <p class="meta">${t('moderate.joinRequests.askedOn')} ${when(context, request.requestedAt)}</p>
                    <div class="actions">
                      <form method="post" action=${`${base}/${request.memberId}/approve`} class="inline">
                        ${csrfField(context)}
                        <button type="submit">${t('moderate.joinRequests.approve', { pseudonym: request.pseudonym })}</button>
                      </form>
                      <a href=${`${base}/${request.memberId}/decline`}
                        >${t('moderate.joinRequests.decline', { pseudonym: request.pseudonym })}</a
                      >
                    </div>
                  </li>`,
              )}
            </ul>`
      }
      ${
        view.requests.next === null
          ? null
          : html`<p><a href=${`${base}?cursor=${view.requests.next}`} rel="next">${t('moderate.joinRequests.more')}</a></p>`
      }
    `,
  })
}

export type DeclineField = 'reason'

export interface DeclineView {
  frame: ModerateFrame
  applicant: MemberRef
  form: FormState<DeclineField>
}

/** Declining one request: the reason, which goes to the moderation log. */
export function declinePage(context: PageContext, view: DeclineView): string {
  const { t } = context
  const { frame, applicant, form } = view
  const base = moderatePath(frame.slug, 'joinRequests')
  return moderateLayout({
    context,
    frame,
    current: 'joinRequests',
    heading: t('moderate.decline.title', { pseudonym: applicant.pseudonym }),
    before: errorSummary(context, form),
    main: html`
      <p>${t('moderate.decline.what')}</p>
      <form method="post" action=${`${base}/${applicant.memberId}/decline`} novalidate>
        ${csrfField(context)}
        ${textArea({ form, name: 'reason', label: t('moderate.decline.reason.label'), hint: t('moderate.form.reasonHint'), rows: 4 })}
        <div class="actions">
          <button type="submit" class="danger">${t('moderate.decline.button')}</button>
          <a href=${base}>${t('moderate.form.cancel')}</a>
        </div>
      </form>
    `,
  })
}
