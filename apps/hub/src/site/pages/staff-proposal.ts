import type { ProposalStatus } from '@kindred/db'
import {
  transitionActor,
  type ProposalSupporter,
  type ProposalWithHistory,
  type ReviewDecision,
  type SimilarEntry,
} from '@kindred/incubator'
import type { StaffCommunityView } from '@kindred/tenancy'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { staffLayout } from './staff-layout.ts'
import { historyEntry, progressBars, proposalFacts, statusTag } from './proposal-parts.ts'
import { staffProposalPath, staffQueuePath } from './staff-proposals.ts'

export type DecisionField = 'reason'

export interface StaffProposalView {
  proposal: ProposalWithHistory
  /** The founder's display name (staff may see it); null once their account is erased. */
  founderName: string | null
  supporters: readonly ProposalSupporter[]
  /** Pending proposals and communities with a similar name, the check founders and the API make. */
  similar: readonly SimilarEntry[]
  /** The community this proposal became or is becoming; null before provisioning starts. */
  community: StaffCommunityView | null
  /** What the form that led here did, said once. */
  done: string | null
  form: FormState<DecisionField>
  /** Why the decision or retry just sent was not applied: the proposal or community moved meanwhile. */
  refused: string | null
}

const decisionOutcomes: Record<ReviewDecision, ProposalStatus> = {
  approve: 'approved',
  request_changes: 'changes_requested',
  decline: 'declined',
}

/** The decisions staff may take on a proposal in `status`, as the incubator's lifecycle says. */
export const decisionsFor = (status: ProposalStatus): ReviewDecision[] =>
  (Object.keys(decisionOutcomes) as ReviewDecision[]).filter((decision) => transitionActor(status, decisionOutcomes[decision]) === 'staff')

function details(context: PageContext, view: StaffProposalView): Markup {
  const { t, i18n } = context
  const { proposal } = view
  return html`<dl class="details">
    ${proposalFacts(context, proposal)}
    <dt>${t('staff.incubator.proposal.founder')}</dt>
    <dd>${view.founderName ?? t('staff.incubator.proposal.founderErased')}</dd>
    <dt>${t('proposal.proposedOn')}</dt>
    <dd>${i18n.formatDate(proposal.createdAt, { dateStyle: 'long' })}</dd>
    <dt>${t('staff.incubator.proposal.expires')}</dt>
    <dd>${i18n.formatDate(proposal.expiresAt, { dateStyle: 'long', timeStyle: 'short' })}</dd>
  </dl>`
}

function supportersTable(context: PageContext, supporters: readonly ProposalSupporter[]): Markup {
  const { t, i18n } = context
  if (supporters.length === 0) return html`<p>${t('staff.incubator.proposal.noSupporters')}</p>`
  return html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="supporters-caption">
    <table>
      <caption id="supporters-caption">
        ${t('staff.incubator.proposal.supportersCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('staff.incubator.proposal.supporterName')}</th>
          <th scope="col">${t('staff.incubator.proposal.supporterAs')}</th>
          <th scope="col">${t('staff.incubator.proposal.supporterSince')}</th>
        </tr>
      </thead>
      <tbody>
        ${supporters.map(
          (supporter) =>
            html`<tr>
              <th scope="row">${supporter.displayName}</th>
              <td>${supporter.as === 'moderator' ? t('staff.incubator.proposal.asModerator') : t('staff.incubator.proposal.asMember')}</td>
              <td>${i18n.formatDate(supporter.since, { dateStyle: 'medium' })}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`
}

function similarList(context: PageContext, similar: readonly SimilarEntry[]): Markup {
  const { t } = context
  if (similar.length === 0) return html`<p>${t('staff.incubator.proposal.noSimilar')}</p>`
  return html`<ul>
    ${similar.map((entry) => {
      const link =
        entry.kind === 'community' || entry.id === undefined
          ? html`<a href=${`/c/${entry.slug}`}>${entry.diseaseName}</a>`
          : html`<a href=${staffProposalPath(entry.id)}>${entry.diseaseName}</a>`
      const what =
        entry.kind === 'community' ? t('staff.incubator.proposal.similarCommunity') : t('staff.incubator.proposal.similarProposal')
      return html`<li>
        ${link} (${what}, <code>/c/${entry.slug}</code>) – ${t('staff.incubator.proposal.similarity', { similarity: entry.similarity })}
      </li>`
    })}
  </ul>`
}

const decisionLabels: Record<ReviewDecision, 'approve' | 'requestChanges' | 'decline'> = {
  approve: 'approve',
  request_changes: 'requestChanges',
  decline: 'decline',
}

function decisionForm(context: PageContext, view: StaffProposalView): Markup | null {
  const { t } = context
  const { proposal } = view
  const decisions = decisionsFor(proposal.status)
  if (decisions.length === 0) return null
  return html`<section aria-labelledby="decision-title">
    <h2 id="decision-title">${t('staff.incubator.decision.title')}</h2>
    ${proposal.status === 'ready' ? null : html`<p>${t('staff.incubator.decision.notReady')}</p>`}
    <form method="post" action=${`${staffProposalPath(proposal.id)}/decision`} novalidate>
      ${csrfField(context)}
      <input type="hidden" name="seenStatus" value=${proposal.status} />
      ${textArea({
        form: view.form,
        name: 'reason',
        label: t('staff.incubator.decision.reason'),
        hint: t('staff.incubator.decision.reasonHint'),
        rows: 4,
      })}
      <div class="actions">
        ${decisions.map(
          (decision) =>
            html`<button
              type="submit"
              name="decision"
              value=${decision}
              class=${decision === 'decline' ? 'danger' : decision === 'request_changes' ? 'secondary' : undefined}
            >
              ${t(`staff.incubator.decision.${decisionLabels[decision]}`)}
            </button>`,
        )}
      </div>
    </form>
  </section>`
}

// Where the new community is: the progress part is asked for again every few seconds (htmx, our own
// script, when it runs) until it is live or has failed; without script, the link reloads the page.
function progressPart(context: PageContext, view: StaffProposalView): Markup {
  const { t } = context
  const { proposal, community } = view
  const path = staffProposalPath(proposal.id)
  if (community?.status === 'live')
    return html`<div id="provisioning-progress">
      <p><strong>${t('staff.incubator.provisioning.live')}</strong></p>
      <p><a href=${`/c/${community.slug}`}>${t('staff.incubator.provisioning.visit', { name: community.name })}</a></p>
    </div>`
  if (community?.status === 'provisioning_failed')
    return html`<div id="provisioning-progress">
      <p><strong>${t('staff.incubator.provisioning.failed')}</strong></p>
      ${community.provisioningError === null ? null : html`<pre class="provisioning-error">${community.provisioningError}</pre>`}
      <form method="post" action=${`${path}/retry`}>
        ${csrfField(context)}
        <button type="submit">${t('staff.incubator.provisioning.retry')}</button>
      </form>
    </div>`
  if (community?.status === 'archived')
    return html`<div id="provisioning-progress"><p>${t('staff.incubator.provisioning.archived')}</p></div>`
  const waiting = community === null ? t('staff.incubator.provisioning.queued') : t('staff.incubator.provisioning.running')
  return html`<div id="provisioning-progress" hx-get=${path} hx-trigger="every 2s" hx-select="#provisioning-progress" hx-swap="outerHTML">
    <p>${waiting}</p>
    <p><a href=${path}>${t('staff.incubator.provisioning.refresh')}</a></p>
  </div>`
}

const provisioned = new Set<ProposalStatus>(['approved', 'provisioning', 'live'])

function provisioningSection(context: PageContext, view: StaffProposalView): Markup | null {
  if (!provisioned.has(view.proposal.status) && view.community === null) return null
  return html`<section aria-labelledby="provisioning-title">
    <h2 id="provisioning-title">${context.t('staff.incubator.provisioning.title')}</h2>
    <div role="status">${progressPart(context, view)}</div>
  </section>`
}

function notices(context: PageContext, view: StaffProposalView): Markup {
  return html`${errorSummary(context, view.form)} ${view.done === null ? null : html`<p class="notice" role="status">${view.done}</p>`}
  ${view.refused === null ? null : html`<p class="notice error-notice" role="alert">${view.refused}</p>`}`
}

/**
 * One proposal as staff review it: its support and who gives it, similar names, the founder's statement,
 * its history; the decision while it can be taken; then the new community's provisioning, with a retry.
 */
export function staffProposalPage(context: PageContext, view: StaffProposalView): string {
  const { t } = context
  const { proposal } = view
  return staffLayout({
    context,
    current: 'proposals',
    heading: proposal.diseaseName,
    before: notices(context, view),
    main: html`
      <p><a href=${staffQueuePath('ready')}>${t('staff.incubator.proposal.back')}</a></p>
      <p>${statusTag(context, proposal.status)}</p>
      <p class="lead">${proposal.summary}</p>
      ${provisioningSection(context, view)} ${decisionForm(context, view)}
      <h2>${t('staff.incubator.proposal.support')}</h2>
      ${progressBars(context, proposal)} ${supportersTable(context, view.supporters)}
      <h2>${t('staff.incubator.proposal.similar')}</h2>
      ${similarList(context, view.similar)}
      <h2>${t('proposal.details')}</h2>
      ${details(context, view)}
      <h2>${t('proposal.why')}</h2>
      <p class="statement">${proposal.founderStatement}</p>
      <h2>${t('proposal.history.title')}</h2>
      <ol class="history">
        ${proposal.history.map((event) => historyEntry(context, event, { forStaff: true }))}
      </ol>
    `,
  })
}
