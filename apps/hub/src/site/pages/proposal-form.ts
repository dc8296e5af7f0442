import { Type, type TSchema } from 'typebox'
import type { PrevalenceClass } from '@kindred/db'
import type { MessageId } from '@kindred/i18n'
import {
  languageCodes,
  prevalenceClasses,
  proposalLimits,
  type ExistingEntry,
  type Proposal,
  type ProposalFields,
  type SimilarEntry,
} from '@kindred/incubator'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, textArea, type FormState } from '../form.ts'
import { text } from '../schemas.ts'
import { prevalenceMessages } from './proposal-parts.ts'

type Input = 'text' | 'textarea' | 'prevalence' | 'languages'

// Bodies are bounded well above the rules, so that text a little too long comes back as a form error to
// fix, not as a refused page.
const bounded = (max: number) => text(max * 2 + 100)

/**
 * Every field of the proposal form, in the order the form shows them: its input, the body schema of its
 * value, how it is read into the incubator's fields and shown back. Adding a field here adds it to the
 * form, to the route's body and to the edit form; its label, hint and errors are `proposal.form.<name>.*`.
 */
export const proposalFormFields = {
  diseaseName: {
    input: 'text',
    schema: bounded(proposalLimits.diseaseName.max),
    read: (value: string): Partial<ProposalFields> => ({ diseaseName: value }),
    show: (proposal: Proposal): string => proposal.diseaseName,
  },
  orphaCode: {
    input: 'text',
    schema: text(100),
    read: (value: string): Partial<ProposalFields> => ({ orphaCode: orphaCodeOf(value) }),
    show: (proposal: Proposal): string => proposal.orphaCode ?? '',
  },
  // One name a line: the way people list them, and no script needed to add a box per name.
  alsoKnownAs: {
    input: 'textarea',
    schema: Type.Optional(bounded((proposalLimits.diseaseName.max + 1) * proposalLimits.alsoKnownAs.max)),
    read: (value: string): Partial<ProposalFields> => ({ alsoKnownAs: value.split(/\r?\n/u).filter((name) => name.trim() !== '') }),
    show: (proposal: Proposal): string => proposal.alsoKnownAs.join('\n'),
  },
  prevalenceClass: {
    input: 'prevalence',
    schema: text(20),
    read: (value: string): Partial<ProposalFields> => ({ prevalenceClass: value as PrevalenceClass }),
    show: (proposal: Proposal): string => proposal.prevalenceClass,
  },
  slug: {
    input: 'text',
    schema: text(200),
    read: (value: string): Partial<ProposalFields> => ({ slug: value.trim() }),
    show: (proposal: Proposal): string => proposal.slug,
  },
  summary: {
    input: 'textarea',
    schema: bounded(proposalLimits.summary.max),
    read: (value: string): Partial<ProposalFields> => ({ summary: value }),
    show: (proposal: Proposal): string => proposal.summary,
  },
  languages: {
    input: 'languages',
    schema: Type.Optional(Type.Array(text(20), { maxItems: languageCodes.length + 10 })),
    read: (value: string): Partial<ProposalFields> => ({ languages: value === '' ? [] : value.split(',') }),
    show: (proposal: Proposal): string => proposal.languages.join(','),
  },
  founderStatement: {
    input: 'textarea',
    schema: bounded(proposalLimits.founderStatement.max),
    read: (value: string): Partial<ProposalFields> => ({ founderStatement: value }),
    show: (proposal: Proposal): string => proposal.founderStatement,
  },
} as const satisfies Record<
  string,
  { input: Input; schema: TSchema; read: (value: string) => Partial<ProposalFields>; show: (proposal: Proposal) => string }
>

export type ProposalFormField = keyof typeof proposalFormFields

const fieldNames = Object.keys(proposalFormFields) as ProposalFormField[]

/** The form's fields as the route's body schema takes them. */
export const proposalFormSchemas = Object.fromEntries(fieldNames.map((name) => [name, proposalFormFields[name].schema])) as {
  [Name in ProposalFormField]: (typeof proposalFormFields)[Name]['schema']
}

/** What a browser sends for each field: a string, or the ticked languages (none: absent). */
export type ProposalFormBody = { [Name in ProposalFormField]?: string | string[] | undefined }

// Founders copy codes from Orphanet's pages as "ORPHA:337", "Orphanet 337" or just "337": all mean ORPHA:337.
function orphaCodeOf(value: string): string | null {
  const trimmed = value.trim()
  if (trimmed === '') return null
  const digits = /^(?:orpha(?:net)?\s*:?\s*)?(\d+)$/i.exec(trimmed)?.[1]
  return digits === undefined ? trimmed : `ORPHA:${digits}`
}

/** The form as the visitor sent it: every value kept as a string to show back (languages comma-joined). */
export function formValues(body: ProposalFormBody): Record<ProposalFormField, string> {
  const value = (name: ProposalFormField): string => {
    const sent = body[name]
    return Array.isArray(sent) ? sent.join(',') : (sent ?? '')
  }
  return Object.fromEntries(fieldNames.map((name) => [name, value(name)])) as Record<ProposalFormField, string>
}

/** The incubator's fields from the form's values. */
export function proposalFieldsOf(values: Record<ProposalFormField, string>): ProposalFields {
  return Object.assign({}, ...fieldNames.map((name) => proposalFormFields[name].read(values[name]))) as ProposalFields
}

/** A proposal's fields as the edit form shows them first. */
export const proposalFormValues = (proposal: Proposal): Record<ProposalFormField, string> =>
  Object.fromEntries(fieldNames.map((name) => [name, proposalFormFields[name].show(proposal)])) as Record<ProposalFormField, string>

/** What the form says beside its fields: a proposal or community it duplicates, or diseases with similar names. */
export interface ProposalFormView {
  form: FormState<ProposalFormField>
  action: string
  submit: MessageId
  /** The community or proposal already there for this disease. */
  duplicate?: ExistingEntry | undefined
  /** Similar diseases the founder is asked to look at before proposing; sent back as seen with the form. */
  similar?: { entries: SimilarEntry[]; seen: string } | undefined
}

const entryLink = (entry: ExistingEntry): string => (entry.kind === 'community' ? `/c/${entry.slug}` : `/proposals/${entry.id ?? ''}`)

function duplicateNotice({ t }: PageContext, entry: ExistingEntry): Markup {
  return html`<div class="notice" id="duplicate">
    <p>
      ${entry.kind === 'community' ? t('proposal.form.duplicate.community') : t('proposal.form.duplicate.proposal')} ${' '}<a
        href=${entryLink(entry)}
      >
        ${
          entry.kind === 'community'
            ? t('proposal.form.duplicate.joinCommunity', { name: entry.diseaseName })
            : t('proposal.form.duplicate.supportProposal', { name: entry.diseaseName })
        }
      </a>
    </p>
  </div>`
}

function similarNotice({ t }: PageContext, entries: SimilarEntry[]): Markup {
  return html`<div class="notice" role="status">
    <h2>${t('proposal.form.similar.title')}</h2>
    <p>${t('proposal.form.similar.body')}</p>
    <ul>
      ${entries.map(
        (entry) =>
          html`<li>
            <a href=${entryLink(entry)}>${entry.diseaseName}</a>
            ${' '}(${entry.kind === 'community' ? t('proposal.form.similar.community') : t('proposal.form.similar.proposal')})
          </li>`,
      )}
    </ul>
    <p>${t('proposal.form.similar.confirm')}</p>
  </div>`
}

interface Described {
  described: string | undefined
  error: string | undefined
  hint: string
  label: string
}

function described(context: PageContext, form: FormState<ProposalFormField>, name: ProposalFormField): Described {
  const error = form.errors[name]
  return {
    error,
    hint: context.t(`proposal.form.${name}.hint`),
    label: context.t(`proposal.form.${name}.label`),
    described: [`${name}-hint`, error === undefined ? null : `${name}-error`].filter((id) => id !== null).join(' '),
  }
}

const hintAndError = (name: ProposalFormField, { hint, error }: Described): Markup =>
  html`<span class="hint" id=${`${name}-hint`}>${hint}</span>
    ${error === undefined ? null : html`<span class="error-message" id=${`${name}-error`}>${error}</span>`}`

function languagesInput(context: PageContext, form: FormState<ProposalFormField>, about: Described): Markup {
  const ticked = new Set((form.values.languages ?? '').split(','))
  const collator = new Intl.Collator(context.i18n.locale)
  const names = new Intl.DisplayNames([context.i18n.locale], { type: 'language' })
  const plain = languageCodes.map((code) => ({ code, name: names.of(code) ?? code }))
  // CLDR gives a few codes one name (ak and tw are both Akan): those are told apart by their code.
  const shared = new Set(
    plain.filter(({ name }, index) => plain.findIndex((other) => other.name === name) !== index).map(({ name }) => name),
  )
  const named = plain
    .map(({ code, name }) => ({ code, name: shared.has(name) ? `${name} (${code})` : name }))
    .toSorted((a, b) => collator.compare(a.name, b.name))
  return html`<fieldset class=${about.error === undefined ? 'field' : 'field field-error'} aria-describedby=${about.described}>
    <legend class="label">${about.label}</legend>
    ${hintAndError('languages', about)}
    <div class="language-choices">
      ${named.map(({ code, name }, index) => {
        const id = index === 0 ? 'languages' : `languages-${code}`
        return html`<div class="checkbox">
          <input type="checkbox" id=${id} name="languages" value=${code} checked=${ticked.has(code)} />
          <label for=${id}>${name}</label>
        </div>`
      })}
    </div>
  </fieldset>`
}

function prevalenceSelect(context: PageContext, form: FormState<ProposalFormField>, about: Described): Markup {
  const chosen = form.values.prevalenceClass || 'unknown'
  return html`<div class=${about.error === undefined ? 'field' : 'field field-error'}>
    <label for="prevalenceClass">${about.label}</label>
    ${hintAndError('prevalenceClass', about)}
    <select
      id="prevalenceClass"
      name="prevalenceClass"
      aria-describedby=${about.described}
      aria-invalid=${about.error === undefined ? undefined : 'true'}
    >
      ${prevalenceClasses.map(
        (option) => html`<option value=${option} selected=${option === chosen}>${context.t(prevalenceMessages[option])}</option>`,
      )}
    </select>
  </div>`
}

function input(context: PageContext, form: FormState<ProposalFormField>, name: ProposalFormField): Markup {
  const about = described(context, form, name)
  const kind: Input = proposalFormFields[name].input
  switch (kind) {
    case 'text':
      return field({ form, name, label: about.label, hint: about.hint, autocomplete: 'off' })
    case 'textarea':
      return textArea({ form, name, label: about.label, hint: about.hint, rows: 6 })
    case 'prevalence':
      return prevalenceSelect(context, form, about)
    case 'languages':
      return languagesInput(context, form, about)
  }
}

/** The proposal form, for proposing and for editing: every field of `proposalFormFields`, in its order. */
export function proposalForm(context: PageContext, view: ProposalFormView): Markup {
  return html`
    ${errorSummary(context, view.form)} ${view.duplicate === undefined ? null : duplicateNotice(context, view.duplicate)}
    ${view.similar === undefined ? null : similarNotice(context, view.similar.entries)}
    <form method="post" action=${view.action} novalidate>
      ${csrfField(context)}
      ${view.similar === undefined ? null : html`<input type="hidden" name="similarSeen" value=${view.similar.seen} />`}
      ${fieldNames.map((name) => input(context, view.form, name))}
      <button type="submit">${context.t(view.submit)}</button>
    </form>
  `
}
