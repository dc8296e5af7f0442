import type { MemberRole } from './tenant-schema.ts'

/** Shown next to every thread and post: who wrote it, as this community knows them. */
export interface Author {
  /** The pairwise id this community knows the member by. */
  memberId: string
  pseudonym: string
  /** The author's role badge now (owner, moderator, member). */
  role: MemberRole
}

export type PostState = 'visible' | 'deleted' | 'hidden'

/** What members see of written content (a post, a message): deletion by its author wins over hiding by a moderator. */
export const contentState = (deletedAt: Date | null, hiddenAt: Date | null): PostState =>
  deletedAt !== null ? 'deleted' : hiddenAt !== null ? 'hidden' : 'visible'
