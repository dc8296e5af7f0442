import type { ProfileVisibility } from '@kindred/community'
import type { PrivacySettings } from '@kindred/membership'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { checkbox, csrfField, errorSummary, type FormState } from '../form.ts'
import { layout } from '../layout.ts'

export type PrivacyField = 'profileVisibility' | 'listedInDirectory' | 'contactResearchers' | 'contactIndustry' | 'countedInStatistics'

export interface PrivacyView {
  slug: string
  communityName: string
  pseudonym: string
  form: FormState<PrivacyField>
  saved: boolean
}

const ticked = (on: boolean): string | undefined => (on ? 'yes' : undefined)

/** The form's fields as the member's current choices set them. */
export function privacyForm(settings: PrivacySettings): FormState<PrivacyField> {
  const values: FormState<PrivacyField>['values'] = { profileVisibility: settings.profileVisibility }
  const boxes: Array<[PrivacyField, boolean]> = [
    ['listedInDirectory', settings.listedInDirectory],
    ['contactResearchers', settings.contact.researchers],
    ['contactIndustry', settings.contact.industry],
    ['countedInStatistics', settings.countedInStatistics],
  ]
  for (const [name, on] of boxes) {
    const value = ticked(on)
    if (value !== undefined) values[name] = value
  }
  return { values, errors: {} }
}

const visibilities: readonly ProfileVisibility[] = ['members', 'moderators']

// GOV.UK's radios: the error summary links to the first one, the group's hint and error are read with it.
function profileChoice(context: PageContext, form: FormState<PrivacyField>): Markup {
  const { t } = context
  const error = form.errors.profileVisibility
  const describedBy = ['profileVisibility-hint', error === undefined ? null : 'profileVisibility-error'].filter((id) => id !== null)
  return html`<fieldset class=${error === undefined ? 'field' : 'field field-error'} aria-describedby=${describedBy.join(' ')}>
    <legend class="label">${t('privacy.profile.legend')}</legend>
    <span class="hint" id="profileVisibility-hint">${t('privacy.profile.hint')}</span>
    ${error === undefined ? null : html`<span class="error-message" id="profileVisibility-error">${error}</span>`}
    ${visibilities.map((visibility, index) => {
      const id = index === 0 ? 'profileVisibility' : `profileVisibility-${visibility}`
      return html`<div class="choice">
        <input type="radio" id=${id} name="profileVisibility" value=${visibility} checked=${form.values.profileVisibility === visibility} />
        <label for=${id}>${t(visibility === 'members' ? 'privacy.profile.members' : 'privacy.profile.moderators')}</label>
      </div>`
    })}
  </fieldset>`
}

/** A member's privacy choices in one community: who sees their profile, the member list, who may write, statistics. */
export function privacyPage(context: PageContext, view: PrivacyView): string {
  const { t } = context
  const { form } = view
  const title = t('privacy.title', { community: view.communityName })
  return layout({
    context,
    title,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('privacy.back', { community: view.communityName })}</a></p>
      ${view.saved ? html`<p class="notice" role="status">${t('privacy.saved')}</p>` : null} ${errorSummary(context, form)}
      <h1>${title}</h1>
      <p>${t('privacy.intro', { pseudonym: view.pseudonym })}</p>
      <form method="post" action=${`/c/${view.slug}/privacy`} novalidate>
        ${csrfField(context)} ${profileChoice(context, form)}
        <fieldset>
          <legend>${t('privacy.directory.legend')}</legend>
          ${checkbox({ form, name: 'listedInDirectory', label: t('privacy.directory.listed'), hint: t('privacy.directory.hint') })}
        </fieldset>
        <fieldset aria-describedby="contact-hint">
          <legend>${t('privacy.contact.legend')}</legend>
          <p class="hint" id="contact-hint">${t('privacy.contact.hint')}</p>
          ${checkbox({ form, name: 'contactResearchers', label: t('privacy.contact.researchers') })}
          ${checkbox({ form, name: 'contactIndustry', label: t('privacy.contact.industry') })}
        </fieldset>
        <fieldset>
          <legend>${t('privacy.statistics.legend')}</legend>
          ${checkbox({ form, name: 'countedInStatistics', label: t('privacy.statistics.counted'), hint: t('privacy.statistics.hint') })}
        </fieldset>
        <button type="submit">${t('privacy.button')}</button>
      </form>
      <p>${t('privacy.disclosures')} <a href="/account/disclosures">${t('privacy.disclosuresLink')}</a></p>
    `,
  })
}
