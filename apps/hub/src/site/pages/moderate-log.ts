import type { ModerationAction } from '@kindred/community'
import type { LogEntry } from '@kindred/moderation'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'
import { when } from './post-parts.ts'

export interface LogView {
  frame: ModerateFrame
  entries: { items: readonly LogEntry[]; next: string | null }
}

// Every action the log can hold, named in plain words (a new action fails the typecheck until it is).
const actionNames: Record<ModerationAction, MessageId> = {
  hide_post: 'moderate.log.action.hidePost',
  restore_post: 'moderate.log.action.restorePost',
  hide_message: 'moderate.log.action.hideMessage',
  restore_message: 'moderate.log.action.restoreMessage',
  lock_thread: 'moderate.log.action.lockThread',
  unlock_thread: 'moderate.log.action.unlockThread',
  ban_member: 'moderate.log.action.banMember',
  unban_member: 'moderate.log.action.unbanMember',
  approve_member: 'moderate.log.action.approveMember',
  decline_member: 'moderate.log.action.declineMember',
  appoint_moderator: 'moderate.log.action.appointModerator',
  remove_moderator: 'moderate.log.action.removeModerator',
  dismiss_report: 'moderate.log.action.dismissReport',
  change_settings: 'moderate.log.action.changeSettings',
  offer_ownership: 'moderate.log.action.offerOwnership',
  withdraw_ownership_offer: 'moderate.log.action.withdrawOwnershipOffer',
  decline_ownership: 'moderate.log.action.declineOwnership',
  accept_ownership: 'moderate.log.action.acceptOwnership',
  appoint_owner: 'moderate.log.action.appointOwner',
  remove_owner: 'moderate.log.action.removeOwner',
  staff_read_post: 'moderate.log.action.staffReadPost',
}

/** Who wrote a log entry: the member's pseudonym, else network staff or Kindred itself (the staff console shows it too). */
export function actorName({ t }: PageContext, entry: LogEntry): string {
  if (entry.actor !== null) return entry.actor.pseudonym
  return entry.actorKind === 'staff' ? t('moderate.log.actor.staff') : t('moderate.log.actor.automatic')
}

/** What a log entry's actor did, to whom, in plain words. */
export const actionText = ({ t }: PageContext, entry: LogEntry): string =>
  t(actionNames[entry.action], { member: entry.member?.pseudonym ?? '' })

function entryItem(context: PageContext, view: LogView, entry: LogEntry): Markup {
  const { t } = context
  const thread =
    entry.threadId === null ? null : html` · <a href=${`/c/${view.frame.slug}/t/${entry.threadId}`}>${t('moderate.log.thread')}</a>`
  return html`<li>
    <p>
      <strong>${actorName(context, entry)}</strong> ${actionText(context, entry)}${
        entry.postId === null ? null : html` · ${t('moderate.log.post', { id: entry.postId })}`
      }${thread}
    </p>
    ${entry.reason === null ? null : html`<p>${t('moderate.log.reason')} ${entry.reason}</p>`}
    <p class="meta">${when(context, entry.createdAt)}</p>
  </li>`
}

/** The moderation log, newest first, a page at a time: who did what, to whom, why and when. */
export function logPage(context: PageContext, view: LogView): string {
  const { t } = context
  const { frame } = view
  return moderateLayout({
    context,
    frame,
    current: 'log',
    main: html`
      ${
        view.entries.items.length === 0
          ? html`<p>${t('moderate.log.none')}</p>`
          : html`<ol class="history">
              ${view.entries.items.map((entry) => entryItem(context, view, entry))}
            </ol>`
      }
      ${
        view.entries.next === null
          ? null
          : html`<p>
              <a href=${`${moderatePath(frame.slug, 'log')}?cursor=${view.entries.next}`} rel="next">${t('moderate.log.older')}</a>
            </p>`
      }
    `,
  })
}
