import type { Author } from '@kindred/community'
import type { PostState } from '@kindred/community'
import type { MessageId } from '@kindred/i18n'
import { parseReportReason, type ReportReason } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { authorLine, momentText, when } from './post-parts.ts'

/** What was (or is about to be) reported, as the reader may see it. */
export interface ShownContent {
  kind: 'post' | 'message'
  author: Author
  state: PostState
  /** Null once deleted. */
  bodyHtml: string | null
  createdAt: Date
}

/**
 * A post or message quoted on a report or moderation page: who wrote it, when, its state for moderators
 * (hidden, deleted) and its body. `headingLevel` keeps the page's heading order.
 */
export function shownContent(context: PageContext, content: ShownContent, id: string, headingLevel: 2 | 3 = 2): Markup {
  const { t } = context
  const heading =
    content.kind === 'post'
      ? t('report.content.post', { pseudonym: content.author.pseudonym })
      : t('report.content.message', { pseudonym: content.author.pseudonym })
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return html`<section class="reported" aria-labelledby=${id}>
    <${Heading} class="post-by" id=${id}>${heading}</${Heading}>
    <p class="meta">${authorLine(context, content.author)} · ${when(context, content.createdAt)}</p>
    ${content.state === 'visible' ? null : html`<p><span class="badge badge-moderation">${t(`report.state.${content.state}`)}</span></p>`}
    ${
      content.bodyHtml === null
        ? html`<p class="removed">${t('thread.post.deleted')}</p>`
        : html`<div class="post-body" dangerouslySetInnerHTML=${{ __html: content.bodyHtml }}></div>`
    }
  </section>`
}

/** Each kind of problem a member can report, as the member and the moderators read it. */
export const reasonMessages: Readonly<Record<ReportReason, MessageId>> = {
  harmful_advice: 'report.reason.harmfulAdvice',
  harassment: 'report.reason.harassment',
  advertising: 'report.reason.advertising',
  private_information: 'report.reason.privateInformation',
  other: 'report.reason.other',
}

/** A report's reason as moderators read it: the kind of problem in their language, then the reporter's words. */
export function reasonText(context: PageContext, reason: string): Markup {
  const { kind, details } = parseReportReason(reason)
  return html`${kind === null ? null : html`<strong>${context.t(reasonMessages[kind])}</strong>`}
  ${details === '' ? null : html`<span class="report-details">${details}</span>`}`
}

const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

/** How long ago, in the reader's language ("3 hours ago"), with the exact date for machines and on hover. */
export function age(context: PageContext, date: Date, now = Date.now()): Markup {
  const elapsed = Math.max(0, now - date.getTime())
  const [unit, size] = units.find(([, size]) => elapsed >= size) ?? ['minute', 60_000]
  const text = new Intl.RelativeTimeFormat(context.i18n.locale, { numeric: 'auto' }).format(-Math.floor(elapsed / size), unit)
  const exact = momentText(context, date)
  return html`<time datetime=${date.toISOString()} title=${exact}>${text}</time>`
}
