import type {
  Author,
  PostState,
  MemberApproval,
  MemberRole,
  ModerationAction,
  ModerationActorKind,
  OwnershipOfferOutcome,
  ReportResolution,
} from '@kindred/community'

/** A member as moderators refer to them. */
export interface MemberRef {
  memberId: string
  pseudonym: string
}

/** A member waiting for a moderator's decision, oldest request first. */
export interface JoinRequest extends MemberRef {
  requestedAt: Date
}

/** A member after a moderator's decision or action. */
export interface MemberStanding extends MemberRef {
  role: MemberRole
  approval: MemberApproval
  banned: boolean
}

/**
 * A post or a direct message as moderators see it: its body even when hidden (members never see that),
 * null once deleted.
 */
export interface ModeratedContent {
  kind: 'post' | 'message'
  id: string
  /** The post's thread; null for a message. */
  threadId: string | null
  author: Author
  state: PostState
  bodyMarkdown: string | null
  bodyHtml: string | null
  createdAt: Date
}

/** A thread after a moderator locked or unlocked it. */
export interface ModeratedThread {
  id: string
  title: string
  locked: boolean
  /** Hidden with its opening post. */
  hidden: boolean
}

/** What the member who reported sees of their report. */
export interface ReportReceipt {
  id: string
  reason: string
  createdAt: Date
}

/** An open report in the moderators' queue. */
export interface OpenReport extends ReportReceipt {
  reporter: MemberRef
  content: ModeratedContent
}

/** The states a report goes through: open until a moderator hides what it is about or dismisses it. */
export const reportStates = ['open', 'resolved'] as const
export type ReportState = (typeof reportStates)[number]

/** A report as moderators list it, open or resolved (then how and when). */
export interface ListedReport extends OpenReport {
  state: ReportState
  resolution: ReportResolution | null
  resolvedAt: Date | null
}

export interface ResolvedReport {
  id: string
  resolution: ReportResolution
  resolvedAt: Date
}

/** One entry of the moderation log. The actor is null unless a member acted (see `actorKind`). */
export interface LogEntry {
  id: string
  action: ModerationAction
  actor: MemberRef | null
  /** member: `actor` acted; staff: network staff, from the hub; automatic: Kindred itself (ownership handed on). */
  actorKind: ModerationActorKind
  postId: string | null
  messageId: string | null
  threadId: string | null
  member: MemberRef | null
  reportId: string | null
  reason: string | null
  createdAt: Date
}

/** The states of an offer of ownership: open until the moderator answers, the owner withdraws it, or it lapses. */
export type OwnershipOfferState = 'open' | OwnershipOfferOutcome

/** An owner's offer of ownership to one of the community's moderators. */
export interface OwnershipOffer {
  id: string
  /** The owner who made it. */
  offeredBy: MemberRef
  /** The moderator it is made to, the only one who can accept or decline it. */
  offeredTo: MemberRef
  reason: string | null
  state: OwnershipOfferState
  createdAt: Date
  closedAt: Date | null
}
