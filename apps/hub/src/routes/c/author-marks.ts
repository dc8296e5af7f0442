import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Author } from '@kindred/community'
import type { PostView } from '@kindred/forum'
import type { ProfileCache } from '@kindred/identity'
import { authorMarks, noMarks, type AuthorMarks } from '@kindred/membership'

/**
 * The posts (or search results, or anything else with an author) with their authors' marks from the hub
 * (verified industry or health-professional role, declared industry relationships), one hub query for a
 * whole page.
 */
export async function markAuthors<T extends { author: Author }>(hub: Kysely<HubDatabase>, posts: readonly T[]) {
  const marks = await authorMarks(
    hub,
    posts.map((post) => post.author.memberId),
  )
  return posts.map((post) => ({ ...post, author: { ...post.author, ...(marks.get(post.author.memberId) ?? noMarks) } }))
}

/** One post with its author's marks. */
export async function markAuthor(hub: Kysely<HubDatabase>, post: PostView) {
  const [marked] = await markAuthors(hub, [post])
  if (marked === undefined) throw new Error('markAuthors returned no post')
  return marked
}

/**
 * A post the member has just written, with their own marks: the same roles and disclosures authorMarks
 * reads, taken from the account's profile in the profile cache (which forgets it the moment the account or
 * its disclosures change), so a member writing again costs no hub query.
 */
export async function markOwnPost(profiles: ProfileCache, accountId: string, post: PostView) {
  const { account, disclosures } = await profiles.find(accountId)
  const marks: AuthorMarks = {
    industry: account.roles.includes('industry'),
    healthProfessional: account.roles.includes('health_professional'),
    disclosures,
  }
  return { ...post, author: { ...post.author, ...marks } }
}
