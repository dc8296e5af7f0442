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

interface Described {
  error: string | undefined
  describedBy: string | undefined
}

// The hint and the error are read out with the control, by aria-describedby.
function described<Field extends string>(form: FormState<Field>, name: Field, hint: string | undefined): Described {
  const error = form.errors[name]
  const ids = [hint === undefined ? null : `${name}-hint`, error === undefined ? null : `${name}-error`].filter((id) => id !== null)
  return { error, describedBy: ids.length === 0 ? undefined : ids.join(' ') }
}

function fieldWrapper(name: string, label: string, hint: string | undefined, error: string | undefined, control: Markup): Markup {
  return html`<div class=${error === undefined ? 'field' : 'field field-error'}>
    <label for=${name}>${label}</label>
    ${hint === undefined ? null : html`<span class="hint" id=${`${name}-hint`}>${hint}</span>`}
    ${error === undefined ? null : html`<span class="error-message" id=${`${name}-error`}>${error}</span>`} ${control}
  </div>`
}

/** A labelled input with its hint and error. */
export function field<Field extends string>({ form, name, label, hint, type = 'text', autocomplete }: FieldView<Field>): Markup {
  const { error, describedBy } = described(form, name, hint)
  return fieldWrapper(
    name,
    label,
    hint,
    error,
    html`<input
      id=${name}
      name=${name}
      type=${type}
      value=${type === 'password' ? undefined : (form.values[name] ?? '')}
      autocomplete=${autocomplete}
      aria-describedby=${describedBy}
      aria-invalid=${error === undefined ? undefined : 'true'}
    />`,
  )
}

interface SearchFormView {
  /** Where the words go: a GET, so a search is a page of its own to bookmark, share and reload. */
  action: string
  form: FormState<'q'>
  label: string
  hint: string
  button: string
}

/** A search box with its button beside it, its hint and its error, in a search landmark. */
export function searchForm({ action, form, label, hint, button }: SearchFormView): Markup {
  const { error, describedBy } = described(form, 'q', hint)
  return html`<form method="get" action=${action} role="search" novalidate>
    ${fieldWrapper(
      'q',
      label,
      hint,
      error,
      html`<div class="search">
        <input
          id="q"
          name="q"
          type="search"
          autocomplete="off"
          value=${form.values.q ?? ''}
          aria-describedby=${describedBy}
          aria-invalid=${error === undefined ? undefined : 'true'}
        />
        <button type="submit">${button}</button>
      </div>`,
    )}
  </form>`
}

interface TextAreaView<Field extends string> {
  form: FormState<Field>
  name: Field
  label: string
  hint?: string
  rows?: number
}

/** A labelled multi-line text box (a post, a reason, a description) with its hint and error. */
export function textArea<Field extends string>({ form, name, label, hint, rows = 8 }: TextAreaView<Field>): Markup {
  const { error, describedBy } = described(form, name, hint)
  return fieldWrapper(
    name,
    label,
    hint,
    error,
    html`<textarea
      id=${name}
      name=${name}
      rows=${rows}
      aria-describedby=${describedBy}
      aria-invalid=${error === undefined ? undefined : 'true'}
    >
${form.values[name] ?? ''}</textarea>`,
  )
}

interface CheckboxView<Field extends string> {
  form: FormState<Field>
  name: Field
  label: string
  hint?: string
}

/** One checkbox that must or may be ticked (accepting a charter, confirming an erasure), its label beside it. */
export function checkbox<Field extends string>({ form, name, label, hint }: CheckboxView<Field>): Markup {
  const { error, describedBy } = described(form, name, hint)
  return html`<div class=${error === undefined ? 'field checkbox' : 'field checkbox field-error'}>
    ${error === undefined ? null : html`<span class="error-message" id=${`${name}-error`}>${error}</span>`}
    <input
      id=${name}
      name=${name}
      type="checkbox"
      value="yes"
      checked=${form.values[name] === 'yes'}
      aria-describedby=${describedBy}
      aria-invalid=${error === undefined ? undefined : 'true'}
    />
    <label for=${name}>${label}</label>
    ${hint === undefined ? null : html`<span class="hint" id=${`${name}-hint`}>${hint}</span>`}
  </div>`
}

/** The hidden field every form carries against cross-site requests. */
export const csrfField = (context: PageContext): Markup => html`<input type="hidden" name="_csrf" value=${context.csrfToken} />`
