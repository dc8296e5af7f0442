import type { DirectoryMember } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { errorSummary, searchForm, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { authorBadges } from './post-parts.ts'

export interface MembersView {
  slug: string
  communityName: string
  /** Moderators see every member, listed or not: the page says so. */
  moderator: boolean
  form: FormState<'q'>
  /** The name searched for, if any (and valid). */
  q: string | null
  members: { items: readonly DirectoryMember[]; next: string | null }
}

export const joinedOn = (context: PageContext, date: Date): string => context.i18n.formatDate(date, { dateStyle: 'long' })

function memberItem(context: PageContext, slug: string, member: DirectoryMember): Markup {
  return html`<li class="member">
    <a href=${`/c/${slug}/members/${member.memberId}`}>${member.pseudonym}</a>${authorBadges(context, member).map(
      (badge) => html` <span class="badge">${badge}</span>`,
    )}
    <span class="meta"> · ${context.t('members.joined', { date: joinedOn(context, member.joinedAt) })}</span>
  </li>`
}

function nextLink(context: PageContext, view: MembersView): Markup | null {
  if (view.members.next === null) return null
  const query = new URLSearchParams({ ...(view.q === null ? {} : { q: view.q }), cursor: view.members.next })
  return html`<p><a href=${`/c/${view.slug}/members?${query.toString()}`} rel="next">${context.t('members.nextPage')}</a></p>`
}

/** The community's members, as their privacy choices allow, by name, with a way to find one. */
export function membersPage(context: PageContext, view: MembersView): string {
  const { t } = context
  const { items } = view.members
  return layout({
    context,
    title: t('members.title', { community: view.communityName }),
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('thread.back', { community: view.communityName })}</a></p>
      <h1>${t('members.title', { community: view.communityName })}</h1>
      <p>${view.moderator ? t('members.moderatorIntro') : t('members.intro')}</p>
      ${errorSummary(context, view.form)}
      ${searchForm({ action: `/c/${view.slug}/members`, form: view.form, label: t('members.search.label'), hint: t('members.search.hint'), button: t('members.search.button') })}
      ${
        items.length === 0
          ? html`<p>${view.q === null ? t('members.none') : t('members.noMatch', { q: view.q })}</p>`
          : html`<ul class="members">
              ${items.map((member) => memberItem(context, view.slug, member))}
            </ul>`
      }
      ${nextLink(context, view)} ${view.q === null ? null : html`<p><a href=${`/c/${view.slug}/members`}>${t('members.showAll')}</a></p>`}
    `,
  })
}
