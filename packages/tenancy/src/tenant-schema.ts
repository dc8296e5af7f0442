import type { ColumnType, Generated } from 'kysely'

/**
 * Kysely's view of a community's tables (see migrations/tenant). Every community has its own schema, so
 * table names are unqualified here and every query names its schema: `db.withSchema(schema)`.
 */
export interface TenantDatabase {
  members: MembersTable
  charter: CharterTable
  categories: CategoriesTable
  threads: ThreadsTable
  posts: PostsTable
  post_edits: PostEditsTable
  reactions: ReactionsTable
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
}

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
  id: Generated<string>
  slug: string
  name: string
  description: ColumnType<string, string | undefined, string>
  position: number
  created_at: ColumnType<Date, never, never>
}

/** A forum thread; its opening post is the thread's first post. */
export interface ThreadsTable {
  id: Generated<string>
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
  id: Generated<string>
  thread_id: string
  author_id: string
  body_markdown: string
  body_html: string
  me_too_count: ColumnType<number, number | undefined, number>
  created_at: ColumnType<Date, Date | undefined, never>
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** An earlier body of an edited post. */
export interface PostEditsTable {
  id: Generated<string>
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

export interface TenantSchemaMigrationsTable {
  name: string
  checksum: string
  applied_at: ColumnType<Date, never, never>
}
