import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { shownContent, type ShownContent } from './report-parts.ts'

/** The moderators' actions that have a page of their own: one question (why?), then the button. */
export const moderationActions = ['hidePost', 'restorePost', 'hideMessage', 'restoreMessage', 'lockThread', 'unlockThread'] as const
export type ModerationAction = (typeof moderationActions)[number]

/** The actions whose reason the packages require; the others take one if given. */
export const reasonRequired: ReadonlySet<ModerationAction> = new Set(['hidePost', 'hideMessage'])

export interface ModerationActionView {
  communityName: string
  action: ModerationAction
  /** Where the form is sent, and where "cancel" goes. */
  formAction: string
  back: string
  /** The post or message acted on; for a thread, its title instead. */
  content: ShownContent | null
  threadTitle: string | null
  /** Just hidden with its thread (an opening post): said here, as the thread is gone from members' view. */
  done: 'threadHidden' | null
  form: FormState<'reason'>
}

function subject(context: PageContext, view: ModerationActionView): Markup | null {
  if (view.content !== null) return shownContent(context, view.content, 'subject-title')
  if (view.threadTitle === null) return null
  return html`<p>${context.t('contentModeration.thread.named', { title: view.threadTitle })}</p>`
}

/** A moderator hides or restores a post or a message, or locks or unlocks a thread, saying why. */
export function moderationActionPage(context: PageContext, view: ModerationActionView): string {
  const { t } = context
  const title = t(`contentModeration.${view.action}.title`)
  const required = reasonRequired.has(view.action)
  return layout({
    context,
    title: `${title} – ${view.communityName}`,
    main: html`
      ${errorSummary(context, view.form)}
      ${view.done === null ? null : html`<p class="notice" role="status">${t('contentModeration.done.threadHidden')}</p>`}
      <h1>${title}</h1>
      <p>${t(`contentModeration.${view.action}.intro`)}</p>
      ${subject(context, view)}
      <form method="post" action=${view.formAction} novalidate>
        ${csrfField(context)}
        ${textArea({
          form: view.form,
          name: 'reason',
          label: t(required ? 'contentModeration.reason.label' : 'contentModeration.reason.labelOptional'),
          hint: t('contentModeration.reason.hint'),
          rows: 4,
        })}
        <div class="actions">
          <button type="submit" class=${view.action.startsWith('hide') ? 'danger' : undefined}>${title}</button>
          <a href=${view.back}>${t('contentModeration.cancel')}</a>
        </div>
      </form>
    `,
  })
}
