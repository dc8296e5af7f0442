import type { PrevalenceClass, ProposalStatus } from '@kindred/db'
import type { MessageId } from '@kindred/i18n'
import type { Proposal, ProposalEvent } from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { languageName } from '../language-names.ts'

// Catalog ids are dotted camelCase words: the database's snake_case names are mapped, not spliced in.
const statusMessages: Record<ProposalStatus, MessageId> = {
  open: 'proposal.status.open',
  ready: 'proposal.status.ready',
  changes_requested: 'proposal.status.changesRequested',
  approved: 'proposal.status.approved',
  provisioning: 'proposal.status.provisioning',
  live: 'proposal.status.live',
  declined: 'proposal.status.declined',
  withdrawn: 'proposal.status.withdrawn',
  expired: 'proposal.status.expired',
}

export const prevalenceMessages: Record<PrevalenceClass, MessageId> = {
  lt_1_per_1m: 'proposal.prevalence.belowOnePerMillion',
  '1_9_per_1m': 'proposal.prevalence.perMillion',
  '1_9_per_100k': 'proposal.prevalence.perHundredThousand',
  '1_5_per_10k': 'proposal.prevalence.perTenThousand',
  unknown: 'proposal.prevalence.unknown',
}

export const statusLabel = ({ t }: PageContext, status: ProposalStatus): string => t(statusMessages[status])

/** The proposal's status as a tag beside its name. */
export const statusTag = (context: PageContext, status: ProposalStatus): Markup =>
  html`<strong class=${`proposal-status proposal-status-${status}`}>${statusLabel(context, status)}</strong>`

interface BarView {
  /** Unique on the page: the bar is named by its text through this id. */
  id: string
  count: number
  needed: number
  text: string
}

// The text is the bar's name and its equivalent: screen readers say "7 of 10 supporters", not a percentage alone.
function bar({ id, count, needed, text }: BarView): Markup {
  return html`<div class="progress">
    <span id=${id} class="progress-text">${text}</span>
    <progress max=${needed} value=${Math.min(count, needed)} aria-labelledby=${id}></progress>
  </div>`
}

/**
 * How far a proposal is towards its thresholds: supporters (volunteer moderators among them) and, when its
 * class needs any, volunteer moderators.
 */
export function progressBars(context: PageContext, proposal: Proposal): Markup {
  const { t } = context
  const { supporters, moderators, thresholds } = proposal.progress
  return html`<div class="progress-bars">
    ${bar({
      id: `progress-${proposal.id}-supporters`,
      count: supporters,
      needed: Math.max(thresholds.supporters, 1),
      text: t('proposal.progress.supporters', { count: supporters, needed: thresholds.supporters }),
    })}
    ${
      thresholds.moderators === 0
        ? null
        : bar({
            id: `progress-${proposal.id}-moderators`,
            count: moderators,
            needed: thresholds.moderators,
            text: t('proposal.progress.moderators', { count: moderators, needed: thresholds.moderators }),
          })
    }
  </div>`
}

export const languageList = (context: PageContext, codes: readonly string[]): string =>
  codes.map((code) => languageName(context, code)).join(', ')

// The Orphanet code as a link to its entry (a link only: nothing is loaded from there).
function orphanetLink(context: PageContext, code: string | null): Markup | string {
  if (code === null) return context.t('proposal.orphaCode.none')
  const number = code.replace(/^ORPHA:/, '')
  return html`<a href=${`https://www.orpha.net/en/disease/detail/${number}`} rel="external noreferrer">${code}</a>`
}

/** What a proposal says of its disease and its community-to-be, as terms of a `<dl>`: the public page's and staff's. */
export function proposalFacts(context: PageContext, proposal: Proposal): Markup {
  const { t } = context
  return html`${
      proposal.alsoKnownAs.length === 0
        ? null
        : html`<dt>${t('proposal.alsoKnownAs')}</dt>
            <dd>${proposal.alsoKnownAs.join(', ')}</dd>`
    }
    <dt>${t('proposal.orphaCode')}</dt>
    <dd>${orphanetLink(context, proposal.orphaCode)}</dd>
    <dt>${t('proposal.prevalence')}</dt>
    <dd>${t(prevalenceMessages[proposal.prevalenceClass])}</dd>
    <dt>${t('proposal.languages')}</dt>
    <dd>${languageList(context, proposal.languages)}</dd>
    <dt>${t('proposal.address')}</dt>
    <dd><code>/c/${proposal.slug}</code></dd>`
}

/**
 * One step of a proposal's history. Staff see the time of day and the system's reasons too (the same few
 * English sentences, which the status already says to anyone else); people's reasons are their own words.
 */
export function historyEntry(context: PageContext, event: ProposalEvent, { forStaff }: { forStaff: boolean }): Markup {
  const { t, i18n } = context
  const what =
    event.from === null
      ? t('proposal.history.proposed')
      : t('proposal.history.moved', { status: statusLabel(context, event.to), actor: t(`proposal.actor.${event.by}`) })
  const when = i18n.formatDate(event.at, forStaff ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' })
  const reason = event.reason === null || (event.by === 'system' && !forStaff) ? null : html`<blockquote>${event.reason}</blockquote>`
  return html`<li><time class="hint" datetime=${event.at.toISOString()}>${when}</time> ${what} ${reason}</li>`
}
