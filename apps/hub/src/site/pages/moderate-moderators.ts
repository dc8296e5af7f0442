import type { ListedMember, OwnershipOffer } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, textArea, type FormState } from '../form.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'
import { when } from './post-parts.ts'

export type AppointField = 'pseudonym' | 'reason'

export interface ModeratorsView {
  frame: ModerateFrame
  moderators: readonly ListedMember[]
  /** The open offer of ownership, or null: one at a time. */
  offer: OwnershipOffer | null
  form: FormState<AppointField>
  done: string | null
}

function moderatorItem(context: PageContext, view: ModeratorsView, moderator: ListedMember): Markup {
  const { t } = context
  const base = `${moderatePath(view.frame.slug, 'moderators')}/${moderator.memberId}`
  return html`<li class="thread">
    <h3>${moderator.pseudonym}</h3>
    <div class="actions">
      <form method="post" action=${`${base}/remove`} class="inline">
        ${csrfField(context)}
        <button type="submit" class="secondary">${t('moderate.moderators.remove', { pseudonym: moderator.pseudonym })}</button>
      </form>
      ${
        view.offer === null
          ? html`<form method="post" action=${`${base}/offer-ownership`} class="inline">
              ${csrfField(context)}
              <button type="submit" class="secondary">${t('moderate.moderators.offer', { pseudonym: moderator.pseudonym })}</button>
            </form>`
          : null
      }
    </div>
  </li>`
}

function openOffer(context: PageContext, view: ModeratorsView, offer: OwnershipOffer): Markup {
  const { t } = context
  return html`<h2>${t('moderate.offer.heading')}</h2>
    <p>${t('moderate.offer.open', { pseudonym: offer.offeredTo.pseudonym })} ${when(context, offer.createdAt)}</p>
    <form method="post" action=${`${moderatePath(view.frame.slug, 'moderators')}/offers/${offer.id}/withdraw`}>
      ${csrfField(context)}
      <button type="submit" class="secondary">${t('moderate.offer.withdraw')}</button>
    </form>`
}

/** The owner's page: the moderators, removing one, appointing a member, and handing ownership over. */
export function moderatorsPage(context: PageContext, view: ModeratorsView): string {
  const { t } = context
  const { frame, form } = view
  return moderateLayout({
    context,
    frame,
    current: 'moderators',
    before: html`${doneNotice(view.done)} ${errorSummary(context, form)}`,
    main: html`
      <h2>${t('moderate.moderators.current')}</h2>
      ${
        view.moderators.length === 0
          ? html`<p>${t('moderate.moderators.none')}</p>`
          : html`<ul class="threads">
              ${view.moderators.map((moderator) => moderatorItem(context, view, moderator))}
            </ul>`
      }
      <p class="hint">${t('moderate.offer.explain')}</p>
      ${view.offer === null ? null : openOffer(context, view, view.offer)}
      <h2>${t('moderate.appoint.heading')}</h2>
      <form method="post" action=${`${moderatePath(frame.slug, 'moderators')}/appoint`} novalidate>
        ${csrfField(context)}
        ${field({ form, name: 'pseudonym', label: t('moderate.appoint.pseudonym.label'), hint: t('moderate.appoint.pseudonym.hint') })}
        ${textArea({ form, name: 'reason', label: t('moderate.reason.optionalLabel'), hint: t('moderate.form.reasonHint'), rows: 3 })}
        <button type="submit">${t('moderate.appoint.button')}</button>
      </form>
    `,
  })
}
