import { disclosureNatures, maxDisclosures, type Disclosure } from '@kindred/identity'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { backToAccount } from './account-overview.ts'

export type DisclosureField = 'organisation' | 'nature' | 'since'

export interface AccountDisclosuresView {
  disclosures: readonly Disclosure[]
  /** The form that adds one, as sent when it was refused. */
  form: FormState<DisclosureField>
  done: 'added' | 'removed' | null
}

// Catalog ids are camelCase words; the natures are the database's snake_case values.
export const natureLabels: Readonly<Record<Disclosure['nature'], MessageId>> = {
  employment: 'account.disclosures.nature.employment',
  consulting: 'account.disclosures.nature.consulting',
  advisory_board: 'account.disclosures.nature.advisoryBoard',
  speaker_fees: 'account.disclosures.nature.speakerFees',
  research_funding: 'account.disclosures.nature.researchFunding',
  travel_support: 'account.disclosures.nature.travelSupport',
  shares: 'account.disclosures.nature.shares',
  other: 'account.disclosures.nature.other',
}

export const natureLabel = ({ t }: PageContext, nature: Disclosure['nature']): string => t(natureLabels[nature])

// Labelled, hinted and tied to its error as `field` does, for the two inputs `field` does not draw.
function described(form: FormState<DisclosureField>, name: DisclosureField, hasHint: boolean) {
  const error = form.errors[name]
  const ids = [hasHint ? `${name}-hint` : null, error === undefined ? null : `${name}-error`].filter((id) => id !== null)
  return {
    error,
    className: error === undefined ? 'field' : 'field field-error',
    describedBy: ids.length === 0 ? undefined : ids.join(' '),
    invalid: error === undefined ? undefined : 'true',
  }
}

function natureField(context: PageContext, form: FormState<DisclosureField>): Markup {
  const { t } = context
  const { error, className, describedBy, invalid } = described(form, 'nature', false)
  return html`<div class=${className}>
    <label for="nature">${t('account.disclosures.nature.label')}</label>
    ${error === undefined ? null : html`<span class="error-message" id="nature-error">${error}</span>`}
    <select id="nature" name="nature" aria-describedby=${describedBy} aria-invalid=${invalid}>
      <option value="">${t('account.disclosures.nature.choose')}</option>
      ${disclosureNatures.map(
        (nature) => html`<option value=${nature} selected=${form.values.nature === nature}>${natureLabel(context, nature)}</option>`,
      )}
    </select>
  </div>`
}

function sinceField({ t }: PageContext, form: FormState<DisclosureField>): Markup {
  const { error, className, describedBy, invalid } = described(form, 'since', true)
  return html`<div class=${className}>
    <label for="since">${t('account.disclosures.since.label')}</label>
    <span class="hint" id="since-hint">${t('account.disclosures.since.hint')}</span>
    ${error === undefined ? null : html`<span class="error-message" id="since-error">${error}</span>`}
    <input id="since" name="since" type="date" value=${form.values.since ?? ''} aria-describedby=${describedBy} aria-invalid=${invalid} />
  </div>`
}

// Each entry is removed by what it says, not by its place in the list: a page left open elsewhere cannot
// remove another entry than the one shown.
function removeButton(context: PageContext, disclosure: Disclosure): Markup {
  const { t } = context
  return html`<form method="post" action="/account/disclosures" class="inline">
    ${csrfField(context)}
    <input type="hidden" name="organisation" value=${disclosure.organisation} />
    <input type="hidden" name="nature" value=${disclosure.nature} />
    <input type="hidden" name="since" value=${disclosure.since ?? ''} />
    <button
      type="submit"
      name="action"
      value="remove"
      class="secondary"
      aria-label=${t('account.disclosures.removeLabel', { organisation: disclosure.organisation })}
    >
      ${t('account.disclosures.remove')}
    </button>
  </form>`
}

function declared(context: PageContext, disclosures: readonly Disclosure[]): Markup {
  const { t } = context
  if (disclosures.length === 0) return html`<p>${t('account.disclosures.none')}</p>`
  return html`<div class="table-scroll" role="region" aria-labelledby="declared-caption" tabindex="0">
    <table>
      <caption id="declared-caption">
        ${t('account.disclosures.table.caption', { count: disclosures.length, max: maxDisclosures })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('account.disclosures.table.organisation')}</th>
          <th scope="col">${t('account.disclosures.table.nature')}</th>
          <th scope="col">${t('account.disclosures.table.since')}</th>
          <th scope="col">${t('account.disclosures.table.action')}</th>
        </tr>
      </thead>
      <tbody>
        ${disclosures.map(
          (disclosure) =>
            html`<tr>
              <th scope="row">${disclosure.organisation}</th>
              <td>${natureLabel(context, disclosure.nature)}</td>
              <td>
                ${disclosure.since === null ? t('account.disclosures.sinceUnknown') : context.i18n.formatDay(disclosure.since, 'long')}
              </td>
              <td>${removeButton(context, disclosure)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`
}

/** The industry relationships the account declares: the list, each with its remove button, and a form adding one. */
export function accountDisclosuresPage(context: PageContext, view: AccountDisclosuresView): string {
  const { t } = context
  const { form } = view
  return layout({
    context,
    title: t('account.disclosures.title'),
    main: html`
      ${backToAccount(context)} ${errorSummary(context, form)}
      ${view.done === null ? null : html`<p class="notice" role="status">${t(`account.disclosures.done.${view.done}`)}</p>`}
      <h1>${t('account.disclosures.title')}</h1>
      <p>${t('account.disclosures.intro')}</p>
      <p>${t('account.disclosures.shown')}</p>
      ${declared(context, view.disclosures)}
      <h2>${t('account.disclosures.add.heading')}</h2>
      <form method="post" action="/account/disclosures" novalidate>
        ${csrfField(context)}
        ${field({ form, name: 'organisation', label: t('account.disclosures.organisation.label'), hint: t('account.disclosures.organisation.hint') })}
        ${natureField(context, form)} ${sinceField(context, form)}
        <button type="submit" name="action" value="add">${t('account.disclosures.add.button')}</button>
      </form>
    `,
  })
}
