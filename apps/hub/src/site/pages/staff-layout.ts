import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'

/** The staff console's pages, each one entry of its navigation. */
export type StaffPageName = 'dashboard' | 'charts' | 'proposals' | 'communities' | 'accounts' | 'charter'

const paths: Readonly<Record<StaffPageName, string>> = {
  dashboard: '/staff',
  charts: '/staff/charts',
  proposals: '/staff/proposals',
  communities: '/staff/communities',
  accounts: '/staff/accounts',
  charter: '/staff/charter',
}

/** The address of a staff console page. */
export const staffPath = (name: StaffPageName): string => paths[name]

/** A staff page's name in the visitor's language: a link, a heading, a title. */
export function staffPageName({ t }: PageContext, name: StaffPageName): string {
  const names: Record<StaffPageName, string> = {
    dashboard: t('staff.nav.dashboard'),
    charts: t('staff.nav.charts'),
    proposals: t('staff.nav.proposals'),
    communities: t('staff.nav.communities'),
    accounts: t('staff.nav.accounts'),
    charter: t('staff.nav.charter'),
  }
  return names[name]
}

/** The console's navigation: every staff page, the current one marked. */
export function staffNav(context: PageContext, current: StaffPageName): Markup {
  return html`<nav aria-label=${context.t('staff.nav.label')} class="categories">
    <ul>
      ${(Object.keys(paths) as StaffPageName[]).map(
        (name) =>
          html`<li>
            <a href=${staffPath(name)} aria-current=${name === current ? 'page' : undefined}>${staffPageName(context, name)}</a>
          </li>`,
      )}
    </ul>
  </nav>`
}

interface StaffLayoutView {
  context: PageContext
  current: StaffPageName
  /** The page's heading when it is not the section's name (one proposal, one community, one account). */
  heading?: string
  /** Above the heading: a notice of what was just done, an error summary. */
  before?: Markup | null
  main: Markup
}

/** Every staff console page: the console's navigation, the page's heading, the page. */
export function staffLayout({ context, current, heading, before = null, main }: StaffLayoutView): string {
  const title = heading ?? staffPageName(context, current)
  return layout({
    context,
    title: `${title} – ${context.t('staff.nav.label')}`,
    main: html`
      ${staffNav(context, current)} ${before}
      <h1>${title}</h1>
      ${main}
    `,
  })
}
