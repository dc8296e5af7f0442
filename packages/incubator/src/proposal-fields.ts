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
  /** How many other names of the disease; each is as long as a disease name may be. */
  alsoKnownAs: { min: 0, max: 10 },
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
  /** Other names of the disease ("Stone man syndrome"), which the directory's search finds too; absent: none. */
  alsoKnownAs?: readonly string[] | undefined
}

/** The fields as stored: trimmed, defaults applied, languages and other names without repeats, and the disease key. */
export interface NormalisedFields {
  diseaseName: string
  diseaseKey: string
  orphaCode: string | null
  prevalenceClass: PrevalenceClass
  slug: string
  summary: string
  languages: string[]
  founderStatement: string
  alsoKnownAs: string[]
}

/** What can be wrong with one field of a proposal, for a form to say in the visitor's language. */
export type ProposalFieldProblem =
  | { field: 'diseaseName'; problem: 'length' | 'noLettersOrDigits' }
  | { field: 'orphaCode'; problem: 'format' }
  | { field: 'prevalenceClass'; problem: 'unknown' }
  | { field: 'slug'; problem: 'format' | 'reserved' }
  | { field: 'summary' | 'founderStatement'; problem: 'length' }
  | { field: 'languages'; problem: 'count' }
  | { field: 'languages'; problem: 'unknown'; code: string }
  | { field: 'alsoKnownAs'; problem: 'count' }
  /** `index`: the name's position in the list sent. */
  | { field: 'alsoKnownAs'; problem: 'length' | 'noLettersOrDigits'; index: number }

const lengthOk = (field: keyof typeof proposalLimits, value: string): boolean => {
  const { min, max } = proposalLimits[field]
  const trimmed = value.trim()
  return trimmed.length >= min && trimmed.length <= max
}

// Other names as stored: trimmed, in the founder's order, without repeats or the disease name itself, both
// compared by disease key ("Stone-man SYNDROME" repeats "Stone man syndrome").
function otherNames(diseaseName: string, names: readonly string[]): string[] {
  const seen = new Set([diseaseKey(diseaseName.trim())])
  return names
    .map((name) => name.trim())
    .filter((name) => {
      const key = diseaseKey(name)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
}

function otherNamesProblem(diseaseName: string, names: readonly string[]): ProposalFieldProblem | undefined {
  const { min, max } = proposalLimits.diseaseName
  for (const [index, name] of names.entries()) {
    const trimmed = name.trim()
    if (trimmed.length < min || trimmed.length > max) return { field: 'alsoKnownAs', problem: 'length', index }
    if (diseaseKey(trimmed) === '') return { field: 'alsoKnownAs', problem: 'noLettersOrDigits', index }
  }
  return otherNames(diseaseName, names).length > proposalLimits.alsoKnownAs.max ? { field: 'alsoKnownAs', problem: 'count' } : undefined
}

/**
 * Every problem of a proposal's fields, empty when they may be stored (other proposals and communities
 * aside): the rules normaliseProposalFields applies, for a form that shows them all at once.
 *
 * @example proposalFieldProblems({ ...fields, slug: 'admin', languages: [] }) // [{ field: 'slug', problem: 'reserved' }, { field: 'languages', problem: 'count' }]
 */
export function proposalFieldProblems(fields: ProposalFields): ProposalFieldProblem[] {
  const problems: ProposalFieldProblem[] = []
  if (!lengthOk('diseaseName', fields.diseaseName)) problems.push({ field: 'diseaseName', problem: 'length' })
  else if (diseaseKey(fields.diseaseName.trim()) === '') problems.push({ field: 'diseaseName', problem: 'noLettersOrDigits' })
  const orphaCode = fields.orphaCode ?? null
  if (orphaCode !== null && !new RegExp(orphaCodePattern).test(orphaCode)) problems.push({ field: 'orphaCode', problem: 'format' })
  const prevalenceClass = fields.prevalenceClass ?? 'unknown'
  if (!(prevalenceClasses as readonly string[]).includes(prevalenceClass)) problems.push({ field: 'prevalenceClass', problem: 'unknown' })
  const slug = slugProblem(fields.slug)
  if (slug !== undefined) problems.push({ field: 'slug', problem: slug === 'is reserved' ? 'reserved' : 'format' })
  if (!lengthOk('summary', fields.summary)) problems.push({ field: 'summary', problem: 'length' })
  const unique = new Set(fields.languages)
  const unknown = [...unique].find((code) => !isLanguageCode(code))
  if (unique.size < proposalLimits.languages.min || unique.size > proposalLimits.languages.max)
    problems.push({ field: 'languages', problem: 'count' })
  else if (unknown !== undefined) problems.push({ field: 'languages', problem: 'unknown', code: unknown })
  if (!lengthOk('founderStatement', fields.founderStatement)) problems.push({ field: 'founderStatement', problem: 'length' })
  const otherName = otherNamesProblem(fields.diseaseName, fields.alsoKnownAs ?? [])
  if (otherName !== undefined) problems.push(otherName)
  return problems
}

// The API's message for a problem: its clients read the field's name and rule in English.
function problemMessage(problem: ProposalFieldProblem, slug: string): string {
  switch (problem.field) {
    case 'diseaseName':
    case 'summary':
    case 'founderStatement': {
      if (problem.problem === 'noLettersOrDigits') return 'diseaseName must contain letters or digits'
      const { min, max } = proposalLimits[problem.field]
      return `${problem.field} must be ${min} to ${max} characters, not only spaces`
    }
    case 'orphaCode':
      return 'orphaCode must be ORPHA: followed by 1 to 7 digits'
    case 'prevalenceClass':
      return `prevalenceClass must be one of ${prevalenceClasses.join(', ')}`
    case 'slug':
      return `slug ${slugProblem(slug) ?? ''}`
    case 'languages':
      return problem.problem === 'count'
        ? `languages must name ${proposalLimits.languages.min} to ${proposalLimits.languages.max} languages`
        : `languages holds "${problem.code}", which is not an ISO 639-1 language code`
    case 'alsoKnownAs': {
      if (problem.problem === 'count') return `alsoKnownAs must name at most ${proposalLimits.alsoKnownAs.max} other names`
      if (problem.problem === 'noLettersOrDigits') return `alsoKnownAs[${problem.index}] must contain letters or digits`
      const { min, max } = proposalLimits.diseaseName
      return `alsoKnownAs[${problem.index}] must be ${min} to ${max} characters, not only spaces`
    }
  }
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
  const [problem] = proposalFieldProblems(fields)
  if (problem !== undefined) throw new KindredError('KINDRED_VALIDATION_FAILED', problemMessage(problem, fields.slug))
  const diseaseName = fields.diseaseName.trim()
  return {
    diseaseName,
    diseaseKey: diseaseKey(diseaseName),
    orphaCode: fields.orphaCode ?? null,
    prevalenceClass: fields.prevalenceClass ?? 'unknown',
    slug: fields.slug,
    summary: fields.summary.trim(),
    languages: [...new Set(fields.languages)],
    founderStatement: fields.founderStatement.trim(),
    alsoKnownAs: otherNames(diseaseName, fields.alsoKnownAs ?? []),
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
    also_known_as: values.alsoKnownAs,
  }
}
