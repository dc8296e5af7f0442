import { Type, type Static, type TProperties } from 'typebox'
import type { ProposalStatus } from '@kindred/db'
import { languageCodes, orphaCodePattern, prevalenceClasses, proposalLimits, proposalTransitions, slugPattern } from '@kindred/incubator'
import { dateTime, literalUnion, strictObject } from '../typebox.ts'

const literals = <const T extends string>(values: readonly T[], options: { default?: T; description?: string } = {}) =>
  literalUnion(values, options)
const text = (limits: { min: number; max: number }, description?: string) =>
  Type.String({ minLength: limits.min, maxLength: limits.max, pattern: '\\S', ...(description === undefined ? {} : { description }) })

const statuses = Object.keys(proposalTransitions) as ProposalStatus[]
export const proposalStatus = literals(statuses)
export const prevalenceClass = literals(prevalenceClasses)
const orphaCode = Type.String({ pattern: orphaCodePattern, description: 'Orphanet code, e.g. ORPHA:337' })
const count = Type.Integer({ minimum: 0 })

export const proposalParams = strictObject({ id: Type.String({ format: 'uuid' }) })

/** A body that may be left out altogether (no content) or sent as an object with only these properties. */
function optionalBody<Properties extends TProperties>(properties: Properties) {
  const object = strictObject(properties, { description: 'May be left out altogether' })
  return Type.Unsafe<Static<typeof object> | null>({ ...object, type: ['object', 'null'] })
}

const fields = {
  diseaseName: text(proposalLimits.diseaseName),
  orphaCode,
  prevalenceClass,
  slug: Type.String({
    pattern: slugPattern,
    description: 'The community’s address: 3 to 40 lower-case letters, digits and hyphens; some words are reserved',
  }),
  summary: text(proposalLimits.summary),
  languages: Type.Array(Type.Enum(languageCodes), {
    minItems: proposalLimits.languages.min,
    maxItems: proposalLimits.languages.max,
    uniqueItems: true,
    description: 'ISO 639-1 codes of the languages the community will use',
  }),
  founderStatement: text(proposalLimits.founderStatement, 'Who the founder is and why they start this community'),
  alsoKnownAs: Type.Array(text(proposalLimits.diseaseName), {
    minItems: proposalLimits.alsoKnownAs.min,
    maxItems: proposalLimits.alsoKnownAs.max,
    description:
      'Other names of the disease (e.g. Stone man syndrome), which the directory’s search finds the community by too; stored trimmed, each once (ignoring case, accents and punctuation) and without the disease name itself',
  }),
}

export const createBody = strictObject({
  ...fields,
  orphaCode: Type.Optional(orphaCode),
  prevalenceClass: Type.Optional(literals(prevalenceClasses, { default: 'unknown' })),
  alsoKnownAs: Type.Optional(fields.alsoKnownAs),
})

export const editBody = strictObject(
  {
    diseaseName: Type.Optional(fields.diseaseName),
    orphaCode: Type.Optional(Type.Union([orphaCode, Type.Null()], { description: 'null removes the code' })),
    prevalenceClass: Type.Optional(prevalenceClass),
    slug: Type.Optional(fields.slug),
    summary: Type.Optional(fields.summary),
    languages: Type.Optional(fields.languages),
    founderStatement: Type.Optional(fields.founderStatement),
    alsoKnownAs: Type.Optional(fields.alsoKnownAs),
  },
  { minProperties: 1 },
)

export const withdrawBody = optionalBody({ reason: Type.Optional(Type.String({ maxLength: 2000 })) })
export const emptyBody = optionalBody({})

export const supportBody = strictObject({
  as: literals(['member', 'moderator'], { description: 'A future member, or a volunteer moderator (who counts as a supporter too)' }),
})

export const decisionBody = strictObject({
  decision: literals(['approve', 'decline', 'request_changes']),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required to decline or request changes; shown in the history' })),
  seenStatus: Type.Optional(
    literals(statuses, {
      description: 'The status the decision was taken on: 409 if the proposal has moved since (support fell, a withdrawal)',
    }),
  ),
})

/** Who supports a proposal, as staff see them: display names, never a pseudonym in a community. */
export const supportersResponse = strictObject({
  supporters: Type.Array(
    strictObject({
      accountId: Type.String({ format: 'uuid' }),
      displayName: Type.String(),
      as: literals(['member', 'moderator']),
      since: dateTime,
    }),
  ),
})

export const queueQuery = strictObject({
  status: Type.Optional(proposalStatus),
  sort: Type.Optional(
    literals(['support', 'newest'], { default: 'support', description: 'support: most supporters first; newest: most recent first' }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page, as is' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})

const progress = strictObject(
  {
    supporters: count,
    moderators: count,
    thresholds: strictObject({ supporters: count, moderators: count }),
  },
  { description: 'Support so far (moderators count as supporters) and what this proposal’s class needs' },
)

// Nothing about the founder or the supporters but their numbers: a rare disease is identifying.
const proposalProperties = {
  id: Type.String({ format: 'uuid' }),
  diseaseName: Type.String(),
  orphaCode: Type.Union([Type.String(), Type.Null()]),
  prevalenceClass,
  slug: Type.String(),
  summary: Type.String(),
  languages: Type.Array(Type.String()),
  founderStatement: Type.String(),
  alsoKnownAs: Type.Array(Type.String(), { maxItems: proposalLimits.alsoKnownAs.max, description: 'Other names of the disease' }),
  status: proposalStatus,
  expiresAt: dateTime,
  createdAt: dateTime,
  updatedAt: dateTime,
  progress,
}

export const proposalSummary = strictObject(proposalProperties)

const historyEntry = strictObject({
  from: Type.Union([proposalStatus, Type.Null()]),
  to: proposalStatus,
  by: literals(['founder', 'staff', 'system']),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: dateTime,
})

export const proposalDetail = strictObject({ ...proposalProperties, history: Type.Array(historyEntry) })

const existingEntry = {
  kind: literals(['community', 'proposal']),
  slug: Type.String(),
  diseaseName: Type.String(),
  id: Type.Optional(Type.String({ format: 'uuid', description: 'A proposal’s id' })),
}

export const proposalResponse = strictObject({ proposal: proposalDetail })

export const proposalWithSimilarResponse = strictObject({
  proposal: proposalDetail,
  similar: Type.Array(strictObject({ ...existingEntry, similarity: Type.Number() }), {
    description: 'Communities and proposals whose disease name resembles this one: perhaps join forces',
  }),
})

export const queueResponse = strictObject({
  proposals: Type.Array(proposalSummary),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    deprecated: true,
    description: 'Deprecated: the same as `next`, which replaces it',
  }),
})

/** The error shape, plus the community or proposal a duplicate or a taken slug collides with. */
export const conflictResponse = strictObject({
  statusCode: Type.Integer(),
  error: Type.String(),
  code: Type.String(),
  message: Type.String(),
  existing: Type.Optional(strictObject(existingEntry)),
})
