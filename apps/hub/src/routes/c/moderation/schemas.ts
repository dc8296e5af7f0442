import { Type } from 'typebox'
import { reportStates } from '@kindred/moderation'
import { dateTime, literalUnion, strictObject } from '../../typebox.ts'
import { memberApproval, memberRole } from '../../memberships/schemas.ts'
import { slug } from '../../communities/schemas.ts'
import { pagedQuery } from '../../pagination.ts'
import { author, cursor, id, limit, next } from '../schemas.ts'

const nullableId = Type.Union([id, Type.Null()])
const memberId = Type.String({ format: 'uuid', description: 'The pairwise id this community knows the member by' })

export const memberParams = strictObject({ slug, memberId })

export const reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why: written to the moderation log' })
export const reasonBody = strictObject({ reason })
/** An action whose reason is optional: a body `{ reason }`, `{}` or none at all. */
export const optionalReasonBody = Type.Union([strictObject({ reason: Type.Optional(reason) }), Type.Null()])

export const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })

export const memberRef = strictObject({ memberId, pseudonym: Type.String() })

export const joinRequest = strictObject({ memberId, pseudonym: Type.String(), requestedAt: dateTime })

export const memberStanding = strictObject({
  memberId,
  pseudonym: Type.String(),
  role: memberRole,
  approval: memberApproval,
  banned: Type.Boolean(),
})

export const moderatedContent = strictObject(
  {
    kind: Type.Union([Type.Literal('post'), Type.Literal('message')]),
    id,
    threadId: Type.Union([id, Type.Null()], { description: "The post's thread; null for a message" }),
    author,
    state: Type.Union([Type.Literal('visible'), Type.Literal('deleted'), Type.Literal('hidden')]),
    bodyMarkdown: Type.Union([Type.String(), Type.Null()], { description: 'Shown to moderators even when hidden; null once deleted' }),
    bodyHtml: Type.Union([Type.String(), Type.Null()]),
    createdAt: dateTime,
  },
  { description: 'A post or a direct message as moderators see it' },
)

export const moderatedThread = strictObject({ id, title: Type.String(), locked: Type.Boolean(), hidden: Type.Boolean() })

export const reportReceipt = strictObject({ id, reason: Type.String(), createdAt: dateTime })

export const openReport = strictObject({ id, reason: Type.String(), createdAt: dateTime, reporter: memberRef, content: moderatedContent })

const resolution = Type.Union([Type.Literal('hidden'), Type.Literal('dismissed')], {
  description: 'What was reported was hidden, or the report dismissed',
})

export const resolvedReport = strictObject({ id, resolution, resolvedAt: dateTime })

export const listedReport = strictObject({
  ...openReport.properties,
  state: literalUnion(reportStates),
  resolution: Type.Union([resolution, Type.Null()], { description: 'null while open' }),
  resolvedAt: Type.Union([dateTime, Type.Null()]),
})

const moderationAction = literalUnion([
  'hide_post',
  'restore_post',
  'hide_message',
  'restore_message',
  'lock_thread',
  'unlock_thread',
  'ban_member',
  'unban_member',
  'approve_member',
  'decline_member',
  'appoint_moderator',
  'remove_moderator',
  'dismiss_report',
  'change_settings',
  'offer_ownership',
  'withdraw_ownership_offer',
  'decline_ownership',
  'accept_ownership',
  'appoint_owner',
  'remove_owner',
  'staff_read_post',
])

export const logEntry = strictObject({
  id,
  action: moderationAction,
  actor: Type.Union([memberRef, Type.Null()], { description: 'The moderator or owner; null when network staff or Kindred itself acted' }),
  actorKind: Type.Union([Type.Literal('member'), Type.Literal('staff'), Type.Literal('automatic')], {
    description:
      "member: the actor above; staff: network staff, from the hub; automatic: Kindred itself, handing ownership on when the last owner's account was erased or banned",
  }),
  postId: nullableId,
  messageId: nullableId,
  threadId: nullableId,
  member: Type.Union([memberRef, Type.Null()]),
  reportId: nullableId,
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: dateTime,
})

export const logPage = strictObject({ entries: Type.Array(logEntry), next })

export const ownershipOffer = strictObject({
  id,
  offeredBy: strictObject(memberRef.properties, { description: 'The owner who made the offer' }),
  offeredTo: strictObject(memberRef.properties, { description: 'The moderator it is made to, who alone accepts or declines it' }),
  reason: Type.Union([Type.String(), Type.Null()]),
  state: literalUnion(['open', 'accepted', 'declined', 'withdrawn', 'lapsed'], {
    description: 'lapsed: ownership changed hands some other way, or the moderator stopped moderating',
  }),
  createdAt: dateTime,
  closedAt: Type.Union([dateTime, Type.Null()]),
})

/** Moderators' and owners' routes (403 for other members): a community token of this very community. */
export const moderators = { tags: ['moderation'], security: [{ bearer: [] }] }
