import type { PrevalenceClass } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { diseaseKey } from './disease-key.ts'
import { isLanguageCode } from './languages.ts'
import { slugProblem } from './slugs.ts'

/** Orphanet's point-prevalence classes, rarest first; a proposal's thresholds depend on its class. */
export const prevalenceClasses = [
  'lt_1_per_1m',
  '1_9_per_1m',
  '1_9_per_100k',
  '1_5_per_10k',
  'unknown',
] as const satisfies readonly PrevalenceClass[]

/** An Orphanet disease code as Orphanet writes it (the hub's tables accept up to seven digits). */
export const orphaCodePattern = '^ORPHA:[0-9]{1,7}$'

/** Lengths of a proposal's texts, in characters (the disease name's bounds are also the table's). */
export const proposalLimits = {
  diseaseName: { min: 2, max: 200 },
  summary: { min: 1, max: 2000 },
  founderStatement: { min: 1, max: 5000 },
  languages: { min: 1, max: 10 },
} as const

/** What a founder writes in a proposal. `orphaCode` null or absent: the disease has no Orphanet code (yet). */
export interface ProposalFields {
  diseaseName: string
  orphaCode?: string | null | undefined
  prevalenceClass?: PrevalenceClass | undefined
  slug: string
  summary: string
  languages: readonly string[]
  founderStatement: string
}

/** The fields as stored: trimmed, defaults applied, languages without repeats, and the disease key. */
export interface NormalisedFields {
  diseaseName: string
  diseaseKey: string
  orphaCode: string | null
  prevalenceClass: PrevalenceClass
  slug: string
  summary: string
  languages: string[]
  founderStatement: string
}

const invalid = (field: string, problem: string): KindredError => new KindredError('KINDRED_VALIDATION_FAILED', `${field} ${problem}`)

function text(field: keyof typeof proposalLimits, value: string): string {
  const trimmed = value.trim()
  const { min, max } = proposalLimits[field]
  if (trimmed.length < min || trimmed.length > max) throw invalid(field, `must be ${min} to ${max} characters, not only spaces`)
  return trimmed
}

function languagesOf(values: readonly string[]): string[] {
  const unique = [...new Set(values)]
  const { min, max } = proposalLimits.languages
  if (unique.length < min || unique.length > max) throw invalid('languages', `must name ${min} to ${max} languages`)
  const unknown = unique.find((code) => !isLanguageCode(code))
  if (unknown !== undefined) throw invalid('languages', `holds "${unknown}", which is not an ISO 639-1 language code`)
  return unique
}

/**
 * Checks a proposal's fields against every rule that does not depend on other proposals, and returns
 * them as stored. The HTTP layer's schemas check the same rules first (built from the same constants);
 * this keeps any other caller, such as an operator command, to them too.
 *
 * @example normaliseProposalFields({ diseaseName: ' FOP ', slug: 'fop', summary: '…', languages: ['en'], founderStatement: '…' })
 * @throws KindredError `KINDRED_VALIDATION_FAILED` (400) naming the field.
 */
export function normaliseProposalFields(fields: ProposalFields): NormalisedFields {
  const diseaseName = text('diseaseName', fields.diseaseName)
  const key = diseaseKey(diseaseName)
  if (key === '') throw invalid('diseaseName', 'must contain letters or digits')
  const orphaCode = fields.orphaCode ?? null
  if (orphaCode !== null && !new RegExp(orphaCodePattern).test(orphaCode))
    throw invalid('orphaCode', 'must be ORPHA: followed by 1 to 7 digits')
  const prevalenceClass = fields.prevalenceClass ?? 'unknown'
  if (!(prevalenceClasses as readonly string[]).includes(prevalenceClass))
    throw invalid('prevalenceClass', `must be one of ${prevalenceClasses.join(', ')}`)
  const problem = slugProblem(fields.slug)
  if (problem !== undefined) throw invalid('slug', problem)
  return {
    diseaseName,
    diseaseKey: key,
    orphaCode,
    prevalenceClass,
    slug: fields.slug,
    summary: text('summary', fields.summary),
    languages: languagesOf(fields.languages),
    founderStatement: text('founderStatement', fields.founderStatement),
  }
}

/** The proposal's columns for normalised fields, as both creation and editing write them. */
export function proposalColumns(values: NormalisedFields) {
  return {
    disease_name: values.diseaseName,
    disease_key: values.diseaseKey,
    orpha_code: values.orphaCode,
    prevalence_class: values.prevalenceClass,
    slug: values.slug,
    summary: values.summary,
    languages: values.languages,
    founder_statement: values.founderStatement,
  }
}
