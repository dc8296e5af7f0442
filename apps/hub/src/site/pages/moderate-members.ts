import type { ListedMember } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'
import { when } from './post-parts.ts'

export interface MembersView {
  frame: ModerateFrame
  /** The moderator looking: nobody bans themself, so their own row offers nothing. */
  viewerId: string
  members: { items: readonly ListedMember[]; next: string | null }
  done: string | null
}

export function roleName({ t }: PageContext, role: ListedMember['role']): string {
  if (role === 'owner') return t('post.role.owner')
  return role === 'moderator' ? t('post.role.moderator') : t('moderate.role.member')
}

// Offered only where the package would allow it (banMember's rules): nobody themself, no owner, and a
// moderator by an owner only. The package still decides.
const mayActOn = (view: MembersView, member: ListedMember): boolean =>
  member.memberId !== view.viewerId && member.role !== 'owner' && (member.role !== 'moderator' || view.frame.owner)

function action(context: PageContext, view: MembersView, member: ListedMember): Markup | null {
  if (!mayActOn(view, member)) return null
  const { t } = context
  const base = `${moderatePath(view.frame.slug, 'members')}/${member.memberId}`
  return member.banned
    ? html`<a href=${`${base}/unban`}>${t('moderate.members.unban', { pseudonym: member.pseudonym })}</a>`
    : html`<a href=${`${base}/ban`}>${t('moderate.members.ban', { pseudonym: member.pseudonym })}</a>`
}

/** The community's members with their role and standing, to ban or to lift a ban (each confirmed on its own page). */
export function membersPage(context: PageContext, view: MembersView): string {
  const { t } = context
  const { frame } = view
  return moderateLayout({
    context,
    frame,
    current: 'members',
    before: doneNotice(view.done),
    main: html`
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="members-caption">
        <table>
          <caption id="members-caption">
            ${t('moderate.members.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('moderate.members.name')}</th>
              <th scope="col">${t('moderate.members.role')}</th>
              <th scope="col">${t('moderate.members.standing')}</th>
              <th scope="col">${t('moderate.members.action')}</th>
            </tr>
          </thead>
          <tbody>
            ${view.members.items.map(
              (member) =>
                html`<tr>
                  <th scope="row">${member.pseudonym}</th>
                  <td>${roleName(context, member.role)}</td>
                  <td>
                    ${
                      member.bannedAt === null
                        ? html`${t('moderate.members.since')} ${when(context, member.joinedAt)}`
                        : html`<strong>${t('moderate.members.banned')}</strong> ${when(context, member.bannedAt)}`
                    }
                  </td>
                  <td>${action(context, view, member)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        view.members.next === null
          ? null
          : html`<p>
              <a href=${`${moderatePath(frame.slug, 'members')}?cursor=${view.members.next}`} rel="next">${t('moderate.members.more')}</a>
            </p>`
      }
    `,
  })
}

export type BanField = 'reason'

export interface BanView {
  frame: ModerateFrame
  member: ListedMember
  /** Banning, or lifting a ban. */
  ban: boolean
  form: FormState<BanField>
}

/** The confirmation of a ban (with its reason, required) or of lifting one (reason optional). */
export function banPage(context: PageContext, view: BanView): string {
  const { t } = context
  const { frame, member, form, ban } = view
  const action = `${moderatePath(frame.slug, 'members')}/${member.memberId}/${ban ? 'ban' : 'unban'}`
  return moderateLayout({
    context,
    frame,
    current: 'members',
    heading: t(ban ? 'moderate.ban.title' : 'moderate.unban.title', { pseudonym: member.pseudonym }),
    before: errorSummary(context, form),
    main: html`
      <p class=${ban ? 'warning' : undefined}>${t(ban ? 'moderate.ban.what' : 'moderate.unban.what')}</p>
      <form method="post" action=${action} novalidate>
        ${csrfField(context)}
        ${textArea({
          form,
          name: 'reason',
          label: t(ban ? 'moderate.ban.reason.label' : 'moderate.reason.optionalLabel'),
          hint: t('moderate.form.reasonHint'),
          rows: 4,
        })}
        <div class="actions">
          <button type="submit" class=${ban ? 'danger' : undefined}>${t(ban ? 'moderate.ban.button' : 'moderate.unban.button')}</button>
          <a href=${moderatePath(frame.slug, 'members')}>${t('moderate.form.cancel')}</a>
        </div>
      </form>
    `,
  })
}
