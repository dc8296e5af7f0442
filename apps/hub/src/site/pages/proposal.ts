import type { SupportAs } from '@kindred/db'
import type { ProposalEvent, ProposalWithHistory } from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'
import { signInPath } from '../sign-in-first.ts'
import { unverifiedExplanation } from './email-address-parts.ts'
import { historyEntry, progressBars, proposalFacts, statusTag } from './proposal-parts.ts'

/** Who is looking, as far as the page's actions go: null when nobody is signed in. */
export type ProposalViewer = { founder: true } | { founder: false; support: SupportAs | null } | null

export interface ProposalView {
  proposal: ProposalWithHistory
  viewer: ProposalViewer
  /** Now, by the server's clock: whether the support window is still open. */
  now: Date
}

const gathering = new Set(['open', 'ready'])
const supportWithdrawable = new Set(['open', 'ready', 'changes_requested'])

const supportForm = (context: PageContext, proposal: ProposalWithHistory, as: SupportAs, label: string): Markup =>
  html`<form method="post" action=${`/proposals/${proposal.id}/support`} class="inline">
    ${csrfField(context)}
    <input type="hidden" name="as" value=${as} />
    <button type="submit">${label}</button>
  </form>`

function supporterActions(context: PageContext, view: ProposalView, support: SupportAs | null): Markup {
  const { t } = context
  const { proposal } = view
  const open = gathering.has(proposal.status) && proposal.expiresAt > view.now
  const withdraw = supportWithdrawable.has(proposal.status)
    ? html`<form method="post" action=${`/proposals/${proposal.id}/support/withdraw`} class="inline">
        ${csrfField(context)}
        <button type="submit" class="secondary">${t('proposal.support.withdraw')}</button>
      </form>`
    : null
  if (support === null) {
    if (!open) return html`<p>${t('proposal.support.closed')}</p>`
    if (context.visitor?.emailVerified === false) return unverifiedExplanation(context, { withButton: false })
    return html`<p>${t('proposal.support.invite')}</p>
      <div class="actions">
        ${supportForm(context, proposal, 'member', t('proposal.support.asMember'))}
        ${supportForm(context, proposal, 'moderator', t('proposal.support.asModerator'))}
      </div>`
  }
  const switchTo: SupportAs = support === 'member' ? 'moderator' : 'member'
  return html`<p class="notice">${support === 'member' ? t('proposal.support.youAsMember') : t('proposal.support.youAsModerator')}</p>
    <div class="actions">
      ${
        open
          ? supportForm(
              context,
              proposal,
              switchTo,
              switchTo === 'moderator' ? t('proposal.support.volunteer') : t('proposal.support.stepBack'),
            )
          : null
      }
      ${withdraw}
    </div>`
}

// Staff's latest request for changes: what the founder is to do before reopening.
const changesRequested = (history: readonly ProposalEvent[]): ProposalEvent | undefined =>
  history.findLast((event) => event.to === 'changes_requested')

function founderActions(context: PageContext, proposal: ProposalWithHistory): Markup {
  const { t } = context
  const request = proposal.status === 'changes_requested' ? changesRequested(proposal.history) : undefined
  return html`<p class="notice">${t('proposal.founder.yours')}</p>
    ${
      proposal.status === 'changes_requested'
        ? html`<div class="notice changes-requested">
            <h3>${t('proposal.founder.changesRequested')}</h3>
            ${request?.reason === null || request === undefined ? null : html`<blockquote>${request.reason}</blockquote>`}
            <p>${t('proposal.founder.changesHint')}</p>
            <div class="actions">
              <a class="button" href=${`/proposals/${proposal.id}/edit`}>${t('proposal.founder.edit')}</a>
              <form method="post" action=${`/proposals/${proposal.id}/reopen`} class="inline">
                ${csrfField(context)}
                <button type="submit">${t('proposal.founder.reopen')}</button>
              </form>
            </div>
          </div>`
        : null
    }
    ${
      supportWithdrawable.has(proposal.status)
        ? html`<p><a href=${`/proposals/${proposal.id}/withdraw`}>${t('proposal.founder.withdraw')}</a></p>`
        : null
    }`
}

function actions(context: PageContext, view: ProposalView): Markup {
  const { t } = context
  if (view.viewer === null) {
    return gathering.has(view.proposal.status)
      ? html`<p><a href=${signInPath(`/proposals/${view.proposal.id}`)}>${t('proposal.support.signIn')}</a></p>`
      : html`<p>${t('proposal.support.closed')}</p>`
  }
  return view.viewer.founder ? founderActions(context, view.proposal) : supporterActions(context, view, view.viewer.support)
}

/** One proposal: the disease, who it is for, its progress and history, and what the visitor may do with it. */
export function proposalPage(context: PageContext, view: ProposalView): string {
  const { t, i18n } = context
  const { proposal } = view
  return layout({
    context,
    title: proposal.diseaseName,
    main: html`
      <p><a href="/proposals">${t('proposal.backToQueue')}</a></p>
      <h1>${proposal.diseaseName}</h1>
      <p>${statusTag(context, proposal.status)}</p>
      <p class="lead">${proposal.summary}</p>
      <h2>${t('proposal.progress.title')}</h2>
      ${progressBars(context, proposal)}
      ${supportWithdrawable.has(proposal.status) ? html`<p>${t('proposal.window', { date: proposal.expiresAt })}</p>` : null}
      ${actions(context, view)}
      <h2>${t('proposal.details')}</h2>
      <dl class="details">
        <dt>${t('proposal.disease')}</dt>
        <dd>${proposal.diseaseName}</dd>
        ${proposalFacts(context, proposal)}
        <dt>${t('proposal.proposedOn')}</dt>
        <dd>${i18n.formatDate(proposal.createdAt, { dateStyle: 'long' })}</dd>
      </dl>
      <h2>${t('proposal.why')}</h2>
      <p class="statement">${proposal.founderStatement}</p>
      <h2>${t('proposal.history.title')}</h2>
      <ol class="history">
        ${proposal.history.map((event) => historyEntry(context, event, { forStaff: false }))}
      </ol>
    `,
  })
}
