import { html, type Markup } from './html.ts'
import type { PageContext } from './context.ts'

/** A form's fields as the visitor sent them, and what is wrong with each (already in their language). */
export interface FormState<Field extends string> {
  values: Partial<Record<Field, string>>
  errors: Partial<Record<Field, string>>
}

export const emptyForm = <Field extends string>(): FormState<Field> => ({ values: {}, errors: {} })

/**
 * The error summary at the top of a form that was refused (GOV.UK's pattern): each problem links to its
 * field, and the summary is a named region announced when the page loads with it.
 */
export function errorSummary<Field extends string>(context: PageContext, form: FormState<Field>): Markup | null {
  const problems = Object.entries(form.errors) as Array<[Field, string]>
  if (problems.length === 0) return null
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${context.t('form.errorSummary.title')}</h2>
    <ul>
      ${problems.map(([field, message]) => html`<li><a href=${`#${field}`}>${message}</a></li>`)}
    </ul>
  </div>`
}

interface FieldView<Field extends string> {
  form: FormState<Field>
  name: Field
  label: string
  hint?: string
  type?: 'text' | 'email' | 'password' | 'search'
  autocomplete?: string
}

/** A labelled input with its hint and error, tied together for screen readers by aria-describedby. */
export function field<Field extends string>({ form, name, label, hint, type = 'text', autocomplete }: FieldView<Field>): Markup {
  const error = form.errors[name]
  const described = [hint === undefined ? null : `${name}-hint`, error === undefined ? null : `${name}-error`].filter((id) => id !== null)
  return html`<div class=${error === undefined ? 'field' : 'field field-error'}>
    <label for=${name}>${label}</label>
    ${hint === undefined ? null : html`<span class="hint" id=${`${name}-hint`}>${hint}</span>`}
    ${error === undefined ? null : html`<span class="error-message" id=${`${name}-error`}>${error}</span>`}
    <input
      id=${name}
      name=${name}
      type=${type}
      value=${type === 'password' ? undefined : (form.values[name] ?? '')}
      autocomplete=${autocomplete}
      aria-describedby=${described.length === 0 ? undefined : described.join(' ')}
      aria-invalid=${error === undefined ? undefined : 'true'}
    />
  </div>`
}

/** The hidden field every form carries against cross-site requests. */
export const csrfField = (context: PageContext): Markup => html`<input type="hidden" name="_csrf" value=${context.csrfToken} />`
