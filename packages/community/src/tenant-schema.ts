import type { ColumnType, GeneratedAlways } from 'kysely'

/**
 * Kysely's view of a community's tables (see migrations/tenant). Every community has its own schema, so
 * table names are unqualified here and every query names its schema through the tenant's handle
 * (`tenant.query`, bound to the schema).
 */
export interface TenantDatabase {
  members: MembersTable
  charter: CharterTable
  categories: CategoriesTable
  threads: ThreadsTable
  posts: PostsTable
  post_edits: PostEditsTable
  reactions: ReactionsTable
  settings: SettingsTable
  messages: MessagesTable
  reports: ReportsTable
  moderation_log: ModerationLogTable
  ownership_offers: OwnershipOffersTable
  read_marks: ReadMarksTable
  write_budgets: WriteBudgetsTable
  notification_preferences: NotificationPreferencesTable
  thread_follows: ThreadFollowsTable
  category_follows: CategoryFollowsTable
  notifications: NotificationsTable
  post_notices: PostNoticesTable
  notification_notices: NotificationNoticesTable
  schema_migrations: TenantSchemaMigrationsTable
}

export type MemberRole = 'member' | 'moderator' | 'owner'

/** A member, known only by a pairwise id and a pseudonym: never an account id, email or display name. */
export interface MembersTable {
  member_id: string
  pseudonym: string
  role: ColumnType<MemberRole, MemberRole | undefined, MemberRole>
  joined_at: ColumnType<Date, Date | undefined, never>
  /** The network charter version the member last accepted (null: not yet, e.g. a founding member). */
  charter_version: ColumnType<number | null, number | null | undefined, number | null>
  charter_accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  profile_visibility: ColumnType<ProfileVisibility, ProfileVisibility | undefined, ProfileVisibility>
  listed_in_directory: ColumnType<boolean, boolean | undefined, boolean>
  contact_researchers: ColumnType<boolean, boolean | undefined, boolean>
  contact_industry: ColumnType<boolean, boolean | undefined, boolean>
  counted_in_statistics: ColumnType<boolean, boolean | undefined, boolean>
  left_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  banned_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  approval: ColumnType<MemberApproval, MemberApproval | undefined, MemberApproval>
}

/** Where a member's request to join stands; only approved members take part. */
export type MemberApproval = 'pending' | 'approved' | 'declined'

/** Who sees a member's profile: every member of the community, or its moderators only. */
export type ProfileVisibility = 'members' | 'moderators'

/** The network charter versions copied into the community. */
export interface CharterTable {
  version: number
  text: string
  published_at: Date
  copied_at: ColumnType<Date, never, never>
}

export interface CategoriesTable {
  id: GeneratedAlways<string>
  slug: string
  name: string
  description: ColumnType<string, string | undefined, string>
  position: number
  created_at: ColumnType<Date, never, never>
}

/** A forum thread; its opening post is the thread's first post. */
export interface ThreadsTable {
  id: GeneratedAlways<string>
  category_id: string
  author_id: string
  title: string
  created_at: ColumnType<Date, Date | undefined, never>
  last_activity_at: ColumnType<Date, Date | undefined, Date>
  reply_count: ColumnType<number, number | undefined, number>
  locked_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** A post: its markdown as written and the HTML rendered from it when it was written. */
export interface PostsTable {
  id: GeneratedAlways<string>
  thread_id: string
  author_id: string
  body_markdown: string
  body_html: string
  me_too_count: ColumnType<number, number | undefined, number>
  created_at: ColumnType<Date, Date | undefined, never>
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** Set with the body in the community's search configurations; null once the body is gone. */
  search_vector: ColumnType<string | null, string | null | undefined, string | null>
}

/** An earlier body of an edited post. */
export interface PostEditsTable {
  id: GeneratedAlways<string>
  post_id: string
  previous_markdown: string
  edited_at: ColumnType<Date, Date | undefined, never>
}

/** A member's "me too" on a post. */
export interface ReactionsTable {
  post_id: string
  member_id: string
  created_at: ColumnType<Date, Date | undefined, never>
}

/** The community's single row of settings. */
export interface SettingsTable {
  singleton: ColumnType<boolean, never, never>
  /** PostgreSQL text search configurations, the community's languages' first. */
  search_configs: ColumnType<string[], string[] | undefined, string[]>
  join_approval: ColumnType<boolean, boolean | undefined, boolean>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** A direct message from one member to another. */
export interface MessagesTable {
  id: GeneratedAlways<string>
  sender_id: string
  recipient_id: string
  body_markdown: string
  body_html: string
  created_at: ColumnType<Date, Date | undefined, never>
  read_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export type ReportResolution = 'hidden' | 'dismissed'

/** A member's report of a post or a message (exactly one of the two). */
export interface ReportsTable {
  id: GeneratedAlways<string>
  reporter_id: string
  post_id: ColumnType<string | null, string | null | undefined, never>
  message_id: ColumnType<string | null, string | null | undefined, never>
  reason: string
  created_at: ColumnType<Date, Date | undefined, never>
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>
  resolution: ColumnType<ReportResolution | null, ReportResolution | null | undefined, ReportResolution | null>
}

export type ModerationAction =
  | 'hide_post'
  | 'restore_post'
  | 'hide_message'
  | 'restore_message'
  | 'lock_thread'
  | 'unlock_thread'
  | 'ban_member'
  | 'unban_member'
  | 'approve_member'
  | 'decline_member'
  | 'appoint_moderator'
  | 'remove_moderator'
  | 'dismiss_report'
  | 'change_settings'
  | 'offer_ownership'
  | 'withdraw_ownership_offer'
  | 'decline_ownership'
  | 'accept_ownership'
  | 'appoint_owner'
  | 'remove_owner'
  | 'staff_read_post'

/** Who wrote a log entry: a member (named by `actor_id`), network staff from the hub, or Kindred itself. */
export type ModerationActorKind = 'member' | 'staff' | 'automatic'

/** One moderation action; actor null unless a member acted (see `actor_kind`). */
export interface ModerationLogTable {
  id: GeneratedAlways<string>
  actor_id: string | null
  actor_kind: ColumnType<ModerationActorKind, ModerationActorKind | undefined, never>
  action: ModerationAction
  post_id: ColumnType<string | null, string | null | undefined, never>
  message_id: ColumnType<string | null, string | null | undefined, never>
  thread_id: ColumnType<string | null, string | null | undefined, never>
  member_id: ColumnType<string | null, string | null | undefined, never>
  report_id: ColumnType<string | null, string | null | undefined, never>
  reason: ColumnType<string | null, string | null | undefined, never>
  created_at: ColumnType<Date, Date | undefined, never>
}

export type OwnershipOfferOutcome = 'accepted' | 'declined' | 'withdrawn' | 'lapsed'

/** An owner's offer of ownership to a moderator: open until it has an outcome (one open at a time). */
export interface OwnershipOffersTable {
  id: GeneratedAlways<string>
  offered_by: ColumnType<string, string, never>
  offered_to: ColumnType<string, string, never>
  reason: ColumnType<string | null, string | null | undefined, never>
  created_at: ColumnType<Date, Date | undefined, never>
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  outcome: ColumnType<OwnershipOfferOutcome | null, OwnershipOfferOutcome | null | undefined, OwnershipOfferOutcome | null>
}

/** How far a member has read a thread: the last post they were shown; only ever moves forward. */
export interface ReadMarksTable {
  member_id: ColumnType<string, string, never>
  thread_id: ColumnType<string, string, never>
  post_id: string
  read_at: ColumnType<Date, Date | undefined, Date>
}

/** A member's forum write budget that a post or a thread spends (tenant/0019). */
export type WriteBudgetFamily = 'posts' | 'threads'

/** What a member has spent of one write budget in its current fixed window. */
export interface WriteBudgetsTable {
  member_id: ColumnType<string, string, never>
  family: ColumnType<WriteBudgetFamily, WriteBudgetFamily, never>
  window_ends_at: Date
  hits: number
}

/** How a member wants a kind of notification (tenant/0013). */
export type NotificationCadence = 'immediately' | 'daily' | 'weekly' | 'off'

/** What a member can be told of. */
export type NotificationKind = 'reply' | 'mention' | 'message' | 'join_decision' | 'moderation'

type Cadence = ColumnType<NotificationCadence | null, NotificationCadence | null | undefined, NotificationCadence | null>

/** How often a member hears of new threads and unanswered questions in a community, by digest (tenant/0015). */
export type DigestCadence = 'daily' | 'weekly' | 'off'

/** A member's notification choices; a null cadence is the kind's default. */
export interface NotificationPreferencesTable {
  member_id: ColumnType<string, string, never>
  reply: Cadence
  mention: Cadence
  message: Cadence
  join_decision: Cadence
  moderation: Cadence
  include_text: ColumnType<boolean, boolean | undefined, boolean>
  /** Null: the default (weekly). */
  digest: ColumnType<DigestCadence | null, DigestCadence | null | undefined, DigestCadence | null>
}

/** Watching or muting: of one thread, or of a whole category. */
export type FollowLevel = 'watching' | 'muted'

export interface ThreadFollowsTable {
  member_id: ColumnType<string, string, never>
  thread_id: ColumnType<string, string, never>
  level: FollowLevel
}

export interface CategoryFollowsTable {
  member_id: ColumnType<string, string, never>
  category_id: ColumnType<string, string, never>
  level: FollowLevel
}

/** One member told of one thing. */
export interface NotificationsTable {
  id: GeneratedAlways<string>
  member_id: ColumnType<string, string, never>
  kind: ColumnType<NotificationKind, NotificationKind, never>
  thread_id: ColumnType<string | null, string | null | undefined, never>
  post_id: ColumnType<string | null, string | null | undefined, never>
  /** A direct message (kind 'message'), tenant/0014. */
  message_id: ColumnType<string | null, string | null | undefined, never>
  /** A report waiting for moderators (kind 'moderation'). */
  report_id: ColumnType<string | null, string | null | undefined, never>
  /** Who asked to join: a moderator's 'moderation', or the member's own 'join_decision'. */
  applicant_id: ColumnType<string | null, string | null | undefined, never>
  /** The decision a 'join_decision' tells of. */
  decision: ColumnType<JoinDecision | null, JoinDecision | null | undefined, never>
  created_at: ColumnType<Date, Date | undefined, never>
  read_at: ColumnType<Date | null, never, Date | null>
}

/** What a moderator decided of a request to join. */
export type JoinDecision = 'approved' | 'declined'

/** A notification of a message, a request to join, a decision or a report whose mail the fan-out has not queued yet (tenant/0014). */
export interface NotificationNoticesTable {
  notification_id: string
}

/** A post no one has been told of yet (queued by the statement that writes the post, taken by the fan-out). */
export interface PostNoticesTable {
  post_id: string
}

export interface TenantSchemaMigrationsTable {
  name: string
  checksum: string
  applied_at: ColumnType<Date, never, never>
}
