import type { Author, PostState } from '@kindred/community'

/** Messages show as posts do: a deleted or hidden one keeps its place without its body. */
export type MessageState = PostState

/** A direct message as its sender and recipient see it: the body only while it is visible. */
export interface MessageView {
  id: string
  senderId: string
  recipientId: string
  /** `deleted` by its sender, `hidden` by a moderator: either way without its body. */
  state: MessageState
  bodyMarkdown: string | null
  bodyHtml: string | null
  createdAt: Date
  /** When the recipient first saw it; null while unread. */
  readAt: Date | null
}

/** One entry of a member's conversations: the other member, the latest message either way, and how many from them are unread. */
export interface ConversationSummary {
  counterpart: Author
  latest: MessageView
  unreadCount: number
}
