import type { DigestCadence, NotificationCadence, NotificationKind } from '@kindred/community'
import type { MessageId } from '@kindred/i18n'
import { digestCadences, notificationCadences, type NotificationPreferences } from '@kindred/notifications'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { checkbox, csrfField, errorSummary, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type SettingsField = NotificationKind | 'includeText' | 'digest'

export interface SettingsView {
  slug: string
  communityName: string
  /** The kinds the member chooses for: moderation only for moderators and owners. */
  kinds: readonly NotificationKind[]
  form: FormState<SettingsField>
  saved: boolean
}

/** What each kind is called, what it is about, and what a form missing it says. */
export const kindMessages: Record<NotificationKind, Record<'legend' | 'hint' | 'error', MessageId>> = {
  reply: { legend: 'notifications.kind.reply', hint: 'notifications.kind.replyHint', error: 'notifications.kind.replyError' },
  mention: { legend: 'notifications.kind.mention', hint: 'notifications.kind.mentionHint', error: 'notifications.kind.mentionError' },
  message: { legend: 'notifications.kind.message', hint: 'notifications.kind.messageHint', error: 'notifications.kind.messageError' },
  join_decision: {
    legend: 'notifications.kind.joinDecision',
    hint: 'notifications.kind.joinDecisionHint',
    error: 'notifications.kind.joinDecisionError',
  },
  moderation: {
    legend: 'notifications.kind.moderation',
    hint: 'notifications.kind.moderationHint',
    error: 'notifications.kind.moderationError',
  },
}

const cadenceLabels: Record<NotificationCadence, MessageId> = {
  immediately: 'notifications.cadence.immediately',
  daily: 'notifications.cadence.daily',
  weekly: 'notifications.cadence.weekly',
  off: 'notifications.cadence.off',
}

const digestLabels: Record<DigestCadence, MessageId> = {
  daily: 'notifications.digest.daily',
  weekly: 'notifications.digest.weekly',
  off: 'notifications.digest.off',
}

/** The form's fields as the member's current choices set them. */
export function settingsForm(preferences: NotificationPreferences): FormState<SettingsField> {
  return {
    values: { ...preferences.cadences, digest: preferences.digest, ...(preferences.includeText ? { includeText: 'yes' } : {}) },
    errors: {},
  }
}

// GOV.UK's radios: one fieldset per question, its legend the question; the error summary links to the
// first radio, and the group's hint and error are read with it.
function kindChoice(context: PageContext, form: FormState<SettingsField>, kind: NotificationKind): Markup {
  const { t } = context
  const error = form.errors[kind]
  const describedBy = [`${kind}-hint`, error === undefined ? null : `${kind}-error`].filter((id) => id !== null)
  return html`<fieldset class=${error === undefined ? 'field' : 'field field-error'} aria-describedby=${describedBy.join(' ')}>
    <legend class="label">${t(kindMessages[kind].legend)}</legend>
    <span class="hint" id=${`${kind}-hint`}>${t(kindMessages[kind].hint)}</span>
    ${error === undefined ? null : html`<span class="error-message" id=${`${kind}-error`}>${error}</span>`}
    ${notificationCadences.map((cadence, index) => {
      const id = index === 0 ? kind : `${kind}-${cadence}`
      return html`<div class="choice">
        <input type="radio" id=${id} name=${kind} value=${cadence} checked=${form.values[kind] === cadence} />
        <label for=${id}>${t(cadenceLabels[cadence])}</label>
      </div>`
    })}
  </fieldset>`
}

// The digest's new threads and unanswered questions: the same radios, with the digest's three choices.
function digestChoice(context: PageContext, form: FormState<SettingsField>): Markup {
  const { t } = context
  const error = form.errors.digest
  const describedBy = ['digest-hint', error === undefined ? null : 'digest-error'].filter((id) => id !== null)
  return html`<fieldset class=${error === undefined ? 'field' : 'field field-error'} aria-describedby=${describedBy.join(' ')}>
    <legend class="label">${t('notifications.digest.legend')}</legend>
    <span class="hint" id="digest-hint">${t('notifications.digest.hint')}</span>
    ${error === undefined ? null : html`<span class="error-message" id="digest-error">${error}</span>`}
    ${digestCadences.map((cadence, index) => {
      const id = index === 0 ? 'digest' : `digest-${cadence}`
      return html`<div class="choice">
        <input type="radio" id=${id} name="digest" value=${cadence} checked=${form.values.digest === cadence} />
        <label for=${id}>${t(digestLabels[cadence])}</label>
      </div>`
    })}
  </fieldset>`
}

/** How a member hears of each kind of news in one community, and whether mail carries the posts' text. */
export function notificationSettingsPage(context: PageContext, view: SettingsView): string {
  const { t } = context
  const { form } = view
  const title = t('notifications.settings.title', { community: view.communityName })
  return layout({
    context,
    title,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('notifications.settings.back', { community: view.communityName })}</a></p>
      ${view.saved ? html`<p class="notice" role="status">${t('notifications.settings.saved')}</p>` : null} ${errorSummary(context, form)}
      <h1>${title}</h1>
      <p>${t('notifications.settings.intro')}</p>
      <form method="post" action=${`/c/${view.slug}/notifications/settings`} novalidate>
        ${csrfField(context)} ${view.kinds.map((kind) => kindChoice(context, form, kind))} ${digestChoice(context, form)}
        <fieldset>
          <legend>${t('notifications.settings.text.legend')}</legend>
          ${checkbox({ form, name: 'includeText', label: t('notifications.settings.text.label'), hint: t('notifications.settings.text.hint') })}
        </fieldset>
        <button type="submit">${t('notifications.settings.button')}</button>
      </form>
      <p><a href="/notifications">${t('notifications.settings.all')}</a></p>
    `,
  })
}
