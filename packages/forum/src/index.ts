export type { ThreadSummary, PostView } from './views.ts'
export { renderMarkdown } from './markdown.ts'
export { postLimits, postProblems, type PostField, type PostProblem } from './post-limits.ts'
export { pageLimits } from './keys.ts'
export { charterInForce, assertCharterAccepted, acceptCharter, type CharterInForce } from './charter.ts'
export {
  listCategories,
  createCategory,
  updateCategory,
  maxCategories,
  type Category,
  type NewCategory,
  type CategoryChange,
} from './categories.ts'
export { categoryLimits, categoryProblems, categorySlug, type CategoryField, type CategoryProblem } from './category-limits.ts'
export { listThreads, findThread, createThread, readThread, type ListedThread, type ThreadQuery, type NewThread } from './threads.ts'
export { replyToThread, editPost, deletePost, ownPost, postEdits, type PostEdit } from './posts.ts'
export { placeOfPost, type PostPlace } from './post-place.ts'
export { addMeToo, removeMeToo, type MeToo } from './reactions.ts'
export { exportMemberForum, eraseMemberForum } from './personal-data.ts'
export { searchPosts, maxRankedMatches, type SearchQuery, type SearchHit } from './search.ts'
export {
  unreadThreadCount,
  unreadPostsCap,
  unreadThreadsCap,
  firstUnread,
  markRead,
  recordReading,
  type ThreadReading,
} from './read-marks.ts'
export { plainExcerpt, excerptLength } from './excerpt.ts'
