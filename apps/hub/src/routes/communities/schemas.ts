import { Type } from 'typebox'
import { proposalLimits } from '@kindred/incubator'
import type { CommunityCard, StaffCommunityView } from '@kindred/tenancy'
import { dateTime, literalUnion, strictObject } from '../typebox.ts'

const slugPattern = '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'
export const slug = Type.String({ pattern: slugPattern, description: 'The community’s address, e.g. fop' })
export const slugParams = strictObject({ slug })

const nullableDateTime = Type.Union([dateTime, Type.Null()])
const prevalenceClass = literalUnion(['lt_1_per_1m', '1_9_per_1m', '1_9_per_100k', '1_5_per_10k', 'unknown'], {
  description: 'Orphanet point-prevalence class',
})
export const communityStatus = Type.Union([
  Type.Literal('provisioning'),
  Type.Literal('live'),
  Type.Literal('provisioning_failed'),
  Type.Literal('archived'),
])

/** A community's languages: those of the proposal it was founded from, at most ten. */
export const languages = Type.Array(Type.String(), {
  maxItems: proposalLimits.languages.max,
  description: 'ISO 639-1 codes of the languages the community writes in',
})

const entryProperties = {
  slug,
  name: Type.String(),
  diseaseName: Type.String(),
  orphaCode: Type.Union([Type.String({ pattern: '^ORPHA:[0-9]{1,7}$' }), Type.Null()], { description: 'Orphanet code, e.g. ORPHA:337' }),
  languages,
  description: Type.String(),
  alsoKnownAs: Type.Array(Type.String(), {
    maxItems: proposalLimits.alsoKnownAs.max,
    description: 'Other names of the disease, from the proposal the community was founded from',
  }),
}

export const directoryEntry = strictObject(entryProperties)

export const communityCard = strictObject({
  ...entryProperties,
  status: Type.Union([Type.Literal('live'), Type.Literal('archived')], { description: 'archived: read-only, not in the directory' }),
  prevalenceClass,
  liveAt: nullableDateTime,
  archivedAt: nullableDateTime,
})

export const staffCommunity = strictObject({
  ...entryProperties,
  id: Type.String({ pattern: '^[0-9]+$' }),
  proposalId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  status: communityStatus,
  prevalenceClass,
  placement: Type.String({ description: 'The PostgreSQL cluster holding the community’s schema' }),
  schemaName: Type.String(),
  migrationVersion: Type.Union([Type.String(), Type.Null()], { description: 'The last tenant migration applied' }),
  provisioningError: Type.Union([Type.String(), Type.Null()], { description: 'Why provisioning failed, while provisioning_failed' }),
  createdAt: dateTime,
  liveAt: nullableDateTime,
  archivedAt: nullableDateTime,
  needsOwnerSince: Type.Union([dateTime, Type.Null()], {
    description:
      'Since when the community has had no owner (its last owner’s account was erased or banned, and no moderator could take over) until staff appoint one',
  }),
})

export const limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 })
export const nextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as `cursor` for the next page; null on the last page',
})

// The cursors of @kindred/tenancy's lists: the last slug of the directory, the last id of staff's list.
const cursorOf = (pattern: string) => ({ pattern, description: 'The `next` of the previous page, as is' })
const afterOf = (pattern: string) => ({
  pattern,
  deprecated: true,
  description: 'Deprecated (use `cursor`, the same value); answered with `Deprecation: true`',
})
export const directoryCursor = Type.String(cursorOf(slugPattern))
export const directoryAfter = Type.String(afterOf(slugPattern))
export const staffCursor = Type.String(cursorOf('^[0-9]{1,19}$'))
export const staffAfter = Type.String(afterOf('^[0-9]{1,19}$'))

const iso = (date: Date | null): string | null => date?.toISOString() ?? null

export const cardView = (card: CommunityCard) => ({ ...card, liveAt: iso(card.liveAt), archivedAt: iso(card.archivedAt) })

export const staffView = (community: StaffCommunityView) => ({
  ...community,
  createdAt: community.createdAt.toISOString(),
  liveAt: iso(community.liveAt),
  archivedAt: iso(community.archivedAt),
  needsOwnerSince: iso(community.needsOwnerSince),
})
