import type { Proposal, QueueSort } from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { languageList, progressBars, statusTag } from './proposal-parts.ts'

export interface ProposalsView {
  sort: QueueSort
  proposals: readonly Proposal[]
  /** The address of the next page, or null on the last one. */
  next: string | null
}

const sortAddress = (sort: QueueSort): string => (sort === 'support' ? '/proposals' : `/proposals?sort=${sort}`)

function card(context: PageContext, proposal: Proposal): Markup {
  return html`<li class="card proposal-card">
    <h2><a href=${`/proposals/${proposal.id}`}>${proposal.diseaseName}</a></h2>
    <p>${statusTag(context, proposal.status)}${proposal.orphaCode === null ? null : html` · ${proposal.orphaCode}`}</p>
    <p>${proposal.summary}</p>
    ${progressBars(context, proposal)}
    <p class="hint">${languageList(context, proposal.languages)}</p>
  </li>`
}

/** The incubation queue: proposals gathering support, how far each is, and proposing one. */
export function proposalsPage(context: PageContext, view: ProposalsView): string {
  const { t } = context
  const sorts: Array<[QueueSort, string]> = [
    ['support', t('proposals.sort.support')],
    ['newest', t('proposals.sort.newest')],
  ]
  return layout({
    context,
    title: t('proposals.title'),
    main: html`
      <h1>${t('proposals.title')}</h1>
      <p class="lead">${t('proposals.intro')}</p>
      <p><a class="button" href="/proposals/new">${t('proposals.propose')}</a></p>
      <nav aria-label=${t('proposals.sort.label')}>
        <ul class="sorts">
          ${sorts.map(
            ([sort, label]) =>
              html`<li><a href=${sortAddress(sort)} aria-current=${sort === view.sort ? 'page' : undefined}>${label}</a></li>`,
          )}
        </ul>
      </nav>
      ${
        view.proposals.length === 0
          ? html`<p>${t('proposals.empty')}</p>`
          : html`<ul class="cards">
              ${view.proposals.map((proposal) => card(context, proposal))}
            </ul>`
      }
      ${
        view.next === null
          ? null
          : html`<nav aria-label=${t('proposals.pages.label')} class="pages">
              <a href=${view.next} rel="next">${t('proposals.pages.next')}</a>
            </nav>`
      }
    `,
  })
}
