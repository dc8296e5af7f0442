import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Author, PostView } from '@kindred/forum'
import { authorMarks, noMarks } from '@kindred/membership'

/**
 * The posts (or search results, or anything else with an author) with their authors' marks from the hub
 * (verified industry or health-professional role, declared industry relationships), one hub query for a
 * whole page.
 */
export async function markAuthors<T extends { author: Author }>(hub: Kysely<HubDatabase>, posts: readonly T[]) {
  const marks = await authorMarks(hub, posts.map((post) => post.author.memberId))
  return posts.map((post) => ({ ...post, author: { ...post.author, ...(marks.get(post.author.memberId) ?? noMarks) } }))
}

/** One post with its author's marks. */
export async function markAuthor(hub: Kysely<HubDatabase>, post: PostView) {
  const [marked] = await markAuthors(hub, [post])
  if (marked === undefined) throw new Error('markAuthors returned no post')
  return marked
}
