import { Type } from 'typebox'
import { reportStates } from '@kindred/moderation'
import { memberApproval, memberRole } from '../../memberships/schemas.ts'
import { slug } from '../../communities/schemas.ts'
import { pagedQuery } from '../../pagination.ts'
import { author, cursor, id, limit, next } from '../schemas.ts'

const dateTime = Type.String({ format: 'date-time' })
const nullableId = Type.Union([id, Type.Null()])
const memberId = Type.String({ format: 'uuid', description: 'The pairwise id this community knows the member by' })

export const memberParams = Type.Object({ slug, memberId }, { additionalProperties: false })

export const reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why: written to the moderation log' })
export const reasonBody = Type.Object({ reason }, { additionalProperties: false })
/** An action whose reason is optional: a body `{ reason }`, `{}` or none at all. */
export const optionalReasonBody = Type.Union([Type.Object({ reason: Type.Optional(reason) }, { additionalProperties: false }), Type.Null()])

export const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })

export const memberRef = Type.Object({ memberId, pseudonym: Type.String() }, { additionalProperties: false })

export const joinRequest = Type.Object({ memberId, pseudonym: Type.String(), requestedAt: dateTime }, { additionalProperties: false })

export const memberStanding = Type.Object(
  { memberId, pseudonym: Type.String(), role: memberRole, approval: memberApproval, banned: Type.Boolean() },
  { additionalProperties: false },
)

export const moderatedContent = Type.Object(
  {
    kind: Type.Union([Type.Literal('post'), Type.Literal('message')]),
    id,
    threadId: Type.Union([id, Type.Null()], { description: 'The post\'s thread; null for a message' }),
    author,
    state: Type.Union([Type.Literal('visible'), Type.Literal('deleted'), Type.Literal('hidden')]),
    bodyMarkdown: Type.Union([Type.String(), Type.Null()], { description: 'Shown to moderators even when hidden; null once deleted' }),
    bodyHtml: Type.Union([Type.String(), Type.Null()]),
    createdAt: dateTime,
  },
  { additionalProperties: false, description: 'A post or a direct message as moderators see it' },
)

export const moderatedThread = Type.Object({ id, title: Type.String(), locked: Type.Boolean(), hidden: Type.Boolean() }, { additionalProperties: false })

export const reportReceipt = Type.Object({ id, reason: Type.String(), createdAt: dateTime }, { additionalProperties: false })

export const openReport = Type.Object(
  { id, reason: Type.String(), createdAt: dateTime, reporter: memberRef, content: moderatedContent },
  { additionalProperties: false },
)

const resolution = Type.Union([Type.Literal('hidden'), Type.Literal('dismissed')], { description: 'What was reported was hidden, or the report dismissed' })

export const resolvedReport = Type.Object({ id, resolution, resolvedAt: dateTime }, { additionalProperties: false })

export const listedReport = Type.Object(
  {
    ...openReport.properties,
    state: Type.Union(reportStates.map((state) => Type.Literal(state))),
    resolution: Type.Union([resolution, Type.Null()], { description: 'null while open' }),
    resolvedAt: Type.Union([dateTime, Type.Null()]),
  },
  { additionalProperties: false },
)

const moderationAction = Type.Union(
  [
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
  ].map((action) => Type.Literal(action)),
)

export const logEntry = Type.Object(
  {
    id,
    action: moderationAction,
    actor: Type.Union([memberRef, Type.Null()], { description: 'The moderator or owner; null when network staff or Kindred itself acted' }),
    actorKind: Type.Union([Type.Literal('member'), Type.Literal('staff'), Type.Literal('automatic')], {
      description: 'member: the actor above; staff: network staff, from the hub; automatic: Kindred itself, handing ownership on when the last owner\'s account was erased or banned',
    }),
    postId: nullableId,
    messageId: nullableId,
    threadId: nullableId,
    member: Type.Union([memberRef, Type.Null()]),
    reportId: nullableId,
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: dateTime,
  },
  { additionalProperties: false },
)

export const logPage = Type.Object({ entries: Type.Array(logEntry), next }, { additionalProperties: false })

export const ownershipOffer = Type.Object(
  {
    id,
    offeredBy: Type.Object(memberRef.properties, { additionalProperties: false, description: 'The owner who made the offer' }),
    offeredTo: Type.Object(memberRef.properties, { additionalProperties: false, description: 'The moderator it is made to, who alone accepts or declines it' }),
    reason: Type.Union([Type.String(), Type.Null()]),
    state: Type.Union(['open', 'accepted', 'declined', 'withdrawn', 'lapsed'].map((state) => Type.Literal(state)), {
      description: 'lapsed: ownership changed hands some other way, or the moderator stopped moderating',
    }),
    createdAt: dateTime,
    closedAt: Type.Union([dateTime, Type.Null()]),
  },
  { additionalProperties: false },
)

/** Moderators' and owners' routes (403 for other members): a community token of this very community. */
export const moderators = { tags: ['moderation'], security: [{ bearer: [] }] }
