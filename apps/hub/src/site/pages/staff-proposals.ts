import type { ProposalStatus } from '@kindred/db'
import type { Proposal } from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { staffLayout, staffPath } from './staff-layout.ts'
import { languageList, statusLabel } from './proposal-parts.ts'

/**
 * The statuses staff look at, each a tab of the queue: ready for review first (the default), then those
 * still gathering support or reworked by their founder, those being provisioned, and the decided ones.
 */
export const staffQueueStatuses = [
  'ready',
  'open',
  'changes_requested',
  'approved',
  'provisioning',
  'live',
  'declined',
] as const satisfies readonly ProposalStatus[]

export type StaffQueueStatus = (typeof staffQueueStatuses)[number]

export interface StaffProposalsView {
  status: StaffQueueStatus
  proposals: readonly Proposal[]
  /** The address of the next page, or null on the last one. */
  next: string | null
  /** Now, by the server's clock: a window closing within a few days is flagged. */
  now: Date
}

/** The queue's address for one status (ready is the page itself). */
export const staffQueuePath = (status: StaffQueueStatus): string =>
  status === 'ready' ? staffPath('proposals') : `${staffPath('proposals')}?status=${status}`

/** One proposal's page in the console. */
export const staffProposalPath = (id: string): string => `${staffPath('proposals')}/${id}`

const soonDays = 7
const dayMs = 86_400_000

// Support counted against the thresholds of its class: "7 / 10", with the threshold met or not said in words.
function countCell(context: PageContext, count: number, needed: number): Markup {
  const { t } = context
  return html`<td>
    ${t('staff.incubator.queue.count', { count, needed })}
    ${count >= needed ? null : html`<span class="hint">${t('staff.incubator.queue.below')}</span>`}
  </td>`
}

function expiryCell(context: PageContext, proposal: Proposal, now: Date): Markup {
  const { t, i18n } = context
  const gathering = proposal.status === 'open' || proposal.status === 'ready' || proposal.status === 'changes_requested'
  if (!gathering) return html`<td>${i18n.formatDate(proposal.updatedAt, { dateStyle: 'medium' })}</td>`
  const soon = proposal.expiresAt.getTime() - now.getTime() < soonDays * dayMs
  return html`<td>
    <time datetime=${proposal.expiresAt.toISOString()}>${i18n.formatDate(proposal.expiresAt, { dateStyle: 'medium' })}</time>${
      soon ? html` <strong class="proposal-expiring">${t('staff.incubator.queue.expiresSoon')}</strong>` : null
    }
  </td>`
}

function row(context: PageContext, proposal: Proposal, now: Date): Markup {
  const { supporters, moderators, thresholds } = proposal.progress
  return html`<tr>
    <th scope="row"><a href=${staffProposalPath(proposal.id)}>${proposal.diseaseName}</a></th>
    <td>${proposal.orphaCode ?? '–'}</td>
    ${countCell(context, supporters, thresholds.supporters)} ${countCell(context, moderators, thresholds.moderators)}
    <td>${languageList(context, proposal.languages)}</td>
    <td>${context.i18n.formatDate(proposal.createdAt, { dateStyle: 'medium' })}</td>
    ${expiryCell(context, proposal, now)}
  </tr>`
}

function tabs(context: PageContext, current: StaffQueueStatus): Markup {
  return html`<nav aria-label=${context.t('staff.incubator.queue.statuses')}>
    <ul class="sorts">
      ${staffQueueStatuses.map(
        (status) =>
          html`<li>
            <a href=${staffQueuePath(status)} aria-current=${status === current ? 'page' : undefined}>${statusLabel(context, status)}</a>
          </li>`,
      )}
    </ul>
  </nav>`
}

function table(context: PageContext, view: StaffProposalsView): Markup {
  const { t } = context
  const gathering = view.status === 'open' || view.status === 'ready' || view.status === 'changes_requested'
  return html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="proposals-caption">
    <table>
      <caption id="proposals-caption">
        ${t('staff.incubator.queue.caption', { status: statusLabel(context, view.status) })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('staff.incubator.queue.disease')}</th>
          <th scope="col">${t('staff.incubator.queue.orphaCode')}</th>
          <th scope="col">${t('staff.incubator.queue.supporters')}</th>
          <th scope="col">${t('staff.incubator.queue.moderators')}</th>
          <th scope="col">${t('staff.incubator.queue.languages')}</th>
          <th scope="col">${t('staff.incubator.queue.proposed')}</th>
          <th scope="col">${gathering ? t('staff.incubator.queue.expires') : t('staff.incubator.queue.decided')}</th>
        </tr>
      </thead>
      <tbody>
        ${view.proposals.map((proposal) => row(context, proposal, view.now))}
      </tbody>
    </table>
  </div>`
}

/** The incubator's review queue: proposals of one status (ready for review unless another is chosen), with their support. */
export function staffProposalsPage(context: PageContext, view: StaffProposalsView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'proposals',
    main: html`
      ${tabs(context, view.status)} ${view.proposals.length === 0 ? html`<p>${t('staff.incubator.queue.empty')}</p>` : table(context, view)}
      ${
        view.next === null
          ? null
          : html`<nav aria-label=${t('staff.incubator.queue.pages')} class="pages">
              <a href=${view.next} rel="next">${t('staff.incubator.queue.next')}</a>
            </nav>`
      }
    `,
  })
}
