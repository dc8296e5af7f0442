import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { doneNotice, moderateLayout, moderatePath, type ModerateFrame } from './moderate-nav.ts'

export type SettingsField = 'joinApproval' | 'reason'

export interface SettingsView {
  frame: ModerateFrame
  form: FormState<SettingsField>
  done: string | null
}

const choices = ['on', 'off'] as const

// GOV.UK's radios: the error summary links to the first one, the group's hint and error are read with it.
function joinApprovalChoice(context: PageContext, form: FormState<SettingsField>): Markup {
  const { t } = context
  const error = form.errors.joinApproval
  const describedBy = ['joinApproval-hint', error === undefined ? null : 'joinApproval-error'].filter((id) => id !== null)
  return html`<fieldset class=${error === undefined ? 'field' : 'field field-error'} aria-describedby=${describedBy.join(' ')}>
    <legend class="label">${t('moderate.settings.joinApproval.legend')}</legend>
    <span class="hint" id="joinApproval-hint">${t('moderate.settings.joinApproval.hint')}</span>
    ${error === undefined ? null : html`<span class="error-message" id="joinApproval-error">${error}</span>`}
    ${choices.map((choice, index) => {
      const id = index === 0 ? 'joinApproval' : `joinApproval-${choice}`
      return html`<div class="choice">
        <input type="radio" id=${id} name="joinApproval" value=${choice} checked=${form.values.joinApproval === choice} />
        <label for=${id}>${t(choice === 'on' ? 'moderate.settings.joinApproval.on' : 'moderate.settings.joinApproval.off')}</label>
      </div>`
    })}
  </fieldset>`
}

/** The community's own settings that its moderators choose: for now, whether they approve each new member. */
export function settingsPage(context: PageContext, view: SettingsView): string {
  const { t } = context
  const { frame, form } = view
  return moderateLayout({
    context,
    frame,
    current: 'settings',
    before: html`${doneNotice(view.done)} ${errorSummary(context, form)}`,
    main: html`
      <form method="post" action=${moderatePath(frame.slug, 'settings')} novalidate>
        ${csrfField(context)} ${joinApprovalChoice(context, form)}
        ${textArea({ form, name: 'reason', label: t('moderate.reason.optionalLabel'), hint: t('moderate.form.reasonHint'), rows: 3 })}
        <button type="submit">${t('moderate.settings.button')}</button>
      </form>
    `,
  })
}
