import { reportDetailsMax, reportReasons, type ReportableContent } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { reasonMessages, shownContent } from './report-parts.ts'

export type ReportField = 'reason' | 'details'

export interface ReportView {
  communityName: string
  content: ReportableContent
  /** Where the form is sent. */
  action: string
  /** Where the member came from and goes back to: the thread's post, or the conversation. */
  back: string
  form: FormState<ReportField>
}

// Radios in a fieldset (GOV.UK's pattern): the legend names the question, the error sits under it, the
// first radio carries the field's id so the error summary's link lands on it.
function reasonChoices(context: PageContext, form: FormState<ReportField>): Markup {
  const { t } = context
  const error = form.errors.reason
  return html`<fieldset
    class=${error === undefined ? 'field' : 'field field-error'}
    aria-describedby=${error === undefined ? undefined : 'reason-error'}
  >
    <legend class="label">${t('report.reason.legend')}</legend>
    ${error === undefined ? null : html`<span class="error-message" id="reason-error">${error}</span>`}
    ${reportReasons.map((reason, index) => {
      const id = index === 0 ? 'reason' : `reason-${reason}`
      return html`<div class="choice">
        <input type="radio" id=${id} name="reason" value=${reason} checked=${form.values.reason === reason} />
        <label for=${id}>${t(reasonMessages[reason])}</label>
      </div>`
    })}
  </fieldset>`
}

/** A member reports a post or a message they received: what is wrong with it, and optionally more words. */
export function reportPage(context: PageContext, view: ReportView): string {
  const { t } = context
  const title = view.content.kind === 'post' ? t('report.post.title') : t('report.message.title')
  return layout({
    context,
    title: `${title} – ${view.communityName}`,
    main: html`
      ${errorSummary(context, view.form)}
      <h1>${title}</h1>
      <p>${t('report.intro', { community: view.communityName })}</p>
      ${shownContent(context, { ...view.content, state: 'visible' }, 'reported-title')}
      <form method="post" action=${view.action} novalidate>
        ${csrfField(context)} ${reasonChoices(context, view.form)}
        ${textArea({
          form: view.form,
          name: 'details',
          label: t('report.details.label'),
          hint: t('report.details.hint', { max: reportDetailsMax }),
          rows: 5,
        })}
        <div class="actions">
          <button type="submit">${t('report.button')}</button>
          <a href=${view.back}>${t('report.cancel')}</a>
        </div>
      </form>
    `,
  })
}

/** The thanks after a report, where the page it came from cannot say them: and the way back there. */
export function reportSentPage(context: PageContext, view: { communityName: string; back: string }): string {
  const { t } = context
  return layout({
    context,
    title: `${t('report.sent.title')} – ${view.communityName}`,
    main: html`
      <h1>${t('report.sent.title')}</h1>
      <p class="notice" role="status">${t('contentModeration.done.reported')}</p>
      <p><a href=${view.back}>${t('report.sent.back')}</a></p>
    `,
  })
}
