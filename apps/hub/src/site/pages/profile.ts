import type { DirectoryMember } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { natureLabels } from './account-disclosures.ts'
import { joinedOn } from './members.ts'

export interface ProfileView {
  slug: string
  communityName: string
  member: DirectoryMember
  /** The member looking is this member. */
  own: boolean
  /** Whether the messaging package lets the reader write to this member (never to themself). */
  mayMessage: boolean
}

function roleName({ t }: PageContext, member: DirectoryMember): string {
  if (member.role === 'owner') return t('post.role.owner')
  if (member.role === 'moderator') return t('post.role.moderator')
  return t('profile.role.member')
}

function verifiedMarks(context: PageContext, member: DirectoryMember): string {
  const { t } = context
  const marks = [member.healthProfessional ? t('post.mark.healthProfessional') : null, member.industry ? t('post.mark.industry') : null]
  const shown = marks.filter((mark) => mark !== null)
  return shown.length === 0 ? t('profile.marks.none') : new Intl.ListFormat(context.i18n.locale, { type: 'conjunction' }).format(shown)
}

// The member's declared industry relationships, as their posts' mark counts them, in full.
function disclosures(context: PageContext, member: DirectoryMember): Markup {
  const { t } = context
  if (member.disclosures.length === 0) return html`<p>${t('profile.disclosures.none')}</p>`
  return html`<p>${t('profile.disclosures.intro')}</p>
    <div class="table-scroll" role="region" aria-labelledby="disclosures-title" tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('profile.disclosures.organisation')}</th>
            <th scope="col">${t('profile.disclosures.nature')}</th>
            <th scope="col">${t('profile.disclosures.since')}</th>
          </tr>
        </thead>
        <tbody>
          ${member.disclosures.map(
            (disclosure) =>
              html`<tr>
                <td>${disclosure.organisation}</td>
                <td>${t(natureLabels[disclosure.nature])}</td>
                <td>
                  ${disclosure.since === null ? t('profile.disclosures.sinceUnknown') : context.i18n.formatDay(disclosure.since, 'long')}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
}

// What the member chose, said to them alone, with the way to change it.
function ownChoices(context: PageContext, view: ProfileView): Markup | null {
  const { t } = context
  if (!view.own) return null
  const { member } = view
  return html`<div class="notice">
    <p>${t('profile.you')}</p>
    <p>
      ${member.profileVisibility === 'moderators' ? t('profile.yourVisibility.moderators') : t('profile.yourVisibility.members')}
      ${member.listed === false ? t('profile.yourListing.unlisted') : t('profile.yourListing.listed')}
    </p>
    <p><a href=${`/c/${view.slug}/privacy`}>${t('profile.privacyLink')}</a></p>
  </div>`
}

/** A member's profile: their name here, role, when they joined, what staff verified, what they declare. */
export function profilePage(context: PageContext, view: ProfileView): string {
  const { t } = context
  const { member } = view
  return layout({
    context,
    title: `${member.pseudonym} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}/members`}>${t('profile.back')}</a></p>
      <h1>${member.pseudonym}</h1>
      ${ownChoices(context, view)}
      <dl class="details">
        <dt>${t('profile.role')}</dt>
        <dd>${roleName(context, member)}</dd>
        <dt>${t('profile.joined')}</dt>
        <dd>${joinedOn(context, member.joinedAt)}</dd>
        <dt>${t('profile.marks')}</dt>
        <dd>${verifiedMarks(context, member)}</dd>
      </dl>
      <h2 id="disclosures-title">${t('profile.disclosures.title')}</h2>
      ${disclosures(context, member)}
      ${
        view.mayMessage
          ? html`<p>
              <a class="button" href=${`/c/${view.slug}/messages/new?to=${member.memberId}`}
                >${t('profile.message', { pseudonym: member.pseudonym })}</a
              >
            </p>`
          : null
      }
    `,
  })
}
