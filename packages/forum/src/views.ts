import type { MemberRole } from '@kindred/tenancy'

/** Shown next to every thread and post: who wrote it, as this community knows them. */
export interface Author {
  /** The pairwise id this community knows the member by. */
  memberId: string
  pseudonym: string
  /** The author's role badge now (owner, moderator, member). */
  role: MemberRole
}

/** A thread as the list shows it. */
export interface ThreadSummary {
  id: string
  categoryId: string
  title: string
  author: Author
  createdAt: Date
  lastActivityAt: Date
  replyCount: number
  locked: boolean
}

export type PostState = 'visible' | 'deleted' | 'hidden'

/** What members see of written content (a post, a message): deletion by its author wins over hiding by a moderator. */
export const contentState = (deletedAt: Date | null, hiddenAt: Date | null): PostState =>
  deletedAt !== null ? 'deleted' : hiddenAt !== null ? 'hidden' : 'visible'

/** A post as a thread shows it: the body only while it is visible. */
export interface PostView {
  id: string
  threadId: string
  author: Author
  state: PostState
  bodyMarkdown: string | null
  bodyHtml: string | null
  meTooCount: number
  /** Whether the member reading has said "me too" to it. */
  meToo: boolean
  createdAt: Date
  editedAt: Date | null
}

export type { Page } from '@kindred/pagination'
