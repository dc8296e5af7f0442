import type { Author, PostState } from '@kindred/community'

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
