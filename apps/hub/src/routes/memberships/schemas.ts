import { Type } from 'typebox'
import { pseudonymLength, pseudonymPattern, type TenantMember } from '@kindred/membership'
import { strictObject } from '../typebox.ts'

export const slugParams = strictObject({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$', description: 'The community' }),
})

export const pseudonym = Type.String({
  minLength: pseudonymLength.min,
  maxLength: pseudonymLength.max,
  pattern: pseudonymPattern,
  description: 'How the community knows the member; unique in the community whatever its case',
})

export const memberRole = Type.Union([Type.Literal('member'), Type.Literal('moderator'), Type.Literal('owner')])

export const memberApproval = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined')], {
  description: 'Where the request to join stands: a pending member may only read the charter and rules; a declined one is not a member',
})

export const member = strictObject({
  memberId: Type.String({ format: 'uuid', description: 'Pairwise: this account is known by another id in every other community' }),
  pseudonym: Type.String(),
  role: memberRole,
  joinedAt: Type.String({ format: 'date-time' }),
  charterVersion: Type.Union([Type.Integer(), Type.Null()]),
  approval: memberApproval,
})

export const privacySettings = strictObject({
  profileVisibility: Type.Union([Type.Literal('members'), Type.Literal('moderators')]),
  listedInDirectory: Type.Boolean(),
  contact: strictObject(
    { members: Type.Literal(true), researchers: Type.Boolean(), industry: Type.Boolean() },
    { description: 'Who may contact the member: members always; researchers and industry on opt-in' },
  ),
  countedInStatistics: Type.Boolean({
    description: "Whether the member's activity counts in network statistics (only ever published aggregated)",
  }),
})

export const memberView = (m: TenantMember) => ({
  memberId: m.memberId,
  pseudonym: m.pseudonym,
  role: m.role,
  joinedAt: m.joinedAt.toISOString(),
  charterVersion: m.charterVersion,
  approval: m.approval,
})
