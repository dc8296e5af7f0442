import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

/** The moderation pages, each one entry of the moderators' navigation. */
export type ModeratePageName = 'overview' | 'joinRequests' | 'reports' | 'members' | 'moderators' | 'log' | 'settings' | 'categories'

/** What every moderation page knows: the community, and whether the moderator is an owner (owner-only pages). */
export interface ModerateFrame {
  slug: string
  communityName: string
  owner: boolean
}

const entries: ReadonlyArray<{ name: ModeratePageName; path: string; ownersOnly?: boolean }> = [
  { name: 'overview', path: '' },
  { name: 'joinRequests', path: '/join-requests' },
  { name: 'reports', path: '/reports' },
  { name: 'members', path: '/members' },
  { name: 'moderators', path: '/moderators', ownersOnly: true },
  { name: 'log', path: '/log' },
  { name: 'settings', path: '/settings' },
  { name: 'categories', path: '/categories' },
]

/** The address of a moderation page of the community. */
export const moderatePath = (slug: string, name: ModeratePageName): string =>
  `/c/${slug}/moderate${entries.find((entry) => entry.name === name)?.path ?? ''}`

/** A moderation page's name in the visitor's language: a link, a heading, a title. */
export function moderatePageName({ t }: PageContext, name: ModeratePageName): string {
  const names: Record<ModeratePageName, string> = {
    overview: t('moderate.nav.overview'),
    joinRequests: t('moderate.nav.joinRequests'),
    reports: t('moderate.nav.reports'),
    members: t('moderate.nav.members'),
    moderators: t('moderate.nav.moderators'),
    log: t('moderate.nav.log'),
    settings: t('moderate.nav.settings'),
    categories: t('moderate.nav.categories'),
  }
  return names[name]
}

/** The moderators' sub-navigation: every moderation page the moderator may open, the current one marked. */
export function moderateNav(context: PageContext, frame: ModerateFrame, current: ModeratePageName): Markup {
  return html`<nav aria-label=${context.t('moderate.nav.label')} class="categories">
    <ul>
      ${entries
        .filter((entry) => frame.owner || entry.ownersOnly !== true)
        .map(
          ({ name }) =>
            html`<li>
              <a href=${moderatePath(frame.slug, name)} aria-current=${name === current ? 'page' : undefined}
                >${moderatePageName(context, name)}</a
              >
            </li>`,
        )}
    </ul>
  </nav>`
}

interface ModerateLayoutView {
  context: PageContext
  frame: ModerateFrame
  current: ModeratePageName
  /** The page's heading when it is not the page's name (a confirmation of one action, say). */
  heading?: string
  /** Above the heading: a notice of what was just done, an error summary. */
  before?: Markup | null
  main: Markup
}

/** Every moderation page: back to the community, the page's heading, the moderators' navigation, the page. */
export function moderateLayout({ context, frame, current, heading, before = null, main }: ModerateLayoutView): string {
  const title = heading ?? moderatePageName(context, current)
  return layout({
    context,
    title: `${title} – ${frame.communityName}`,
    main: html`
      <p><a href=${`/c/${frame.slug}`}>${context.t('thread.back', { community: frame.communityName })}</a></p>
      ${before}
      <h1>${title}</h1>
      ${moderateNav(context, frame, current)} ${main}
    `,
  })
}

/** What was just done, said once at the top of the page the form led back to. */
export const doneNotice = (message: string | null): Markup | null =>
  message === null ? null : html`<p class="notice" role="status">${message}</p>`
