import type { ListedReport, ReportState } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary } from '../form.ts'
import { doneNotice, moderateLayout, type ModerateFrame } from './moderate-nav.ts'
import { age, reasonText, shownContent } from './report-parts.ts'

/** What the queue says after a moderator acted. */
export const queueNotices = ['hidden', 'dismissed', 'restored'] as const
export type QueueNotice = (typeof queueNotices)[number]

/** A moderator's note on one report, refused: the report it belongs to, what they wrote, what is wrong. */
export interface NoteProblem {
  reportId: string
  note: string
  error: string
}

export interface ReportQueueView {
  frame: ModerateFrame
  slug: string
  state: ReportState
  reports: readonly ListedReport[]
  next: string | null
  done: QueueNotice | null
  problem: NoteProblem | null
}

const noteId = (report: ListedReport) => `note-${report.id}`

export const contentPath = (slug: string, content: { kind: 'post' | 'message'; id: string }) =>
  `/c/${slug}/moderate/${content.kind === 'post' ? 'posts' : 'messages'}/${content.id}`

// One form per open report: a note, then hide what it is about (a note needed) or dismiss it (optional).
function actions(context: PageContext, view: ReportQueueView, report: ListedReport): Markup {
  const { t } = context
  const problem = view.problem?.reportId === report.id ? view.problem : null
  const id = noteId(report)
  const describedBy = [`${id}-hint`, problem === null ? null : `${id}-error`].filter((part) => part !== null).join(' ')
  return html`<form method="post" action=${`/c/${view.slug}/moderate/reports/${report.id}`} novalidate>
    ${csrfField(context)}
    <input type="hidden" name="kind" value=${report.content.kind} />
    <input type="hidden" name="contentId" value=${report.content.id} />
    <div class=${problem === null ? 'field' : 'field field-error'}>
      <label for=${id}>${t('reports.note.label')}</label>
      <span class="hint" id=${`${id}-hint`}>${t('reports.note.hint')}</span>
      ${problem === null ? null : html`<span class="error-message" id=${`${id}-error`}>${problem.error}</span>`}
      <textarea id=${id} name="note" rows="3" aria-describedby=${describedBy} aria-invalid=${problem === null ? undefined : 'true'}>
${problem?.note ?? ''}</textarea>
    </div>
    <div class="actions">
      ${
        report.content.state === 'visible'
          ? html`<button type="submit" name="action" value="hide" class="danger">
              ${t(`reports.action.hide.${report.content.kind}`)}
            </button>`
          : null
      }
      <button type="submit" name="action" value="dismiss" class="secondary">${t('reports.action.dismiss')}</button>
    </div>
  </form>`
}

function outcome(context: PageContext, view: ReportQueueView, report: ListedReport): Markup {
  const { t } = context
  const resolved =
    report.resolvedAt === null
      ? null
      : html`<p>
          ${t(report.resolution === 'hidden' ? 'reports.resolution.hidden' : 'reports.resolution.dismissed')}${' '}${age(context, report.resolvedAt)}
        </p>`
  const restore =
    report.content.state === 'hidden'
      ? html`<p><a href=${`${contentPath(view.slug, report.content)}/restore`}>${t(`reports.restore.${report.content.kind}`)}</a></p>`
      : null
  return html`${resolved}${restore}`
}

function reportItem(context: PageContext, view: ReportQueueView, report: ListedReport): Markup {
  const { t } = context
  const { content } = report
  const titleId = `report-${report.id}-title`
  return html`<article class="report" aria-labelledby=${titleId}>
    <h2 id=${titleId}>${t(`reports.item.title.${content.kind}`, { pseudonym: content.author.pseudonym })}</h2>
    <dl class="details">
      <dt>${t('reports.item.reportedBy')}</dt>
      <dd>${report.reporter.pseudonym}, ${age(context, report.createdAt)}</dd>
      <dt>${t('reports.item.reason')}</dt>
      <dd>${reasonText(context, report.reason)}</dd>
    </dl>
    ${shownContent(context, content, `report-${report.id}-content`, 3)}
    ${
      content.kind === 'post' && content.threadId !== null && content.state === 'visible'
        ? html`<p><a href=${`/c/${view.slug}/p/${content.id}`}>${t('reports.item.inThread')}</a></p>`
        : null
    }
    ${report.state === 'open' ? actions(context, view, report) : outcome(context, view, report)}
  </article>`
}

function tabs(context: PageContext, view: ReportQueueView): Markup {
  const { t } = context
  const tab = (state: ReportState) =>
    html`<li>
      <a href=${`/c/${view.slug}/moderate/reports?state=${state}`} aria-current=${view.state === state ? 'page' : undefined}
        >${t(`reports.tab.${state}`)}</a
      >
    </li>`
  return html`<nav aria-label=${t('reports.tabs.label')}>
    <ul class="sorts">
      ${tab('open')}${tab('resolved')}
    </ul>
  </nav>`
}

/** The moderators' queue of reports: open ones oldest first, each with its content and the actions on it; or resolved ones. */
export function reportQueuePage(context: PageContext, view: ReportQueueView): string {
  const { t } = context
  const summary =
    view.problem === null ? null : errorSummary(context, { values: {}, errors: { [`note-${view.problem.reportId}`]: view.problem.error } })
  return moderateLayout({
    context,
    frame: view.frame,
    current: 'reports',
    before: html`${summary}${doneNotice(view.done === null ? null : t(`reports.done.${view.done}`))}`,
    main: html`
      ${tabs(context, view)}
      ${view.reports.length === 0 ? html`<p>${t(`reports.empty.${view.state}`)}</p>` : view.reports.map((report) => reportItem(context, view, report))}
      ${
        view.next === null
          ? null
          : html`<p>
              <a href=${`/c/${view.slug}/moderate/reports?state=${view.state}&cursor=${view.next}`} rel="next">${t('reports.next')}</a>
            </p>`
      }
    `,
  })
}
