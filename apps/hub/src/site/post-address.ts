import { placeOfPost } from '@kindred/forum'
import type { CommunityContext } from '../plugins/community.ts'
import { postsPerPage } from './routes/forum-schemas.ts'

/**
 * The address of a post on the site: the page of its thread that holds it, at the post. Where a reply, a
 * "me too", an edit or a link to a post leads, however long the thread has grown.
 *
 * @example return reply.redirect(await postAddress(community, post.id), 303)
 */
export async function postAddress(community: CommunityContext, postId: string): Promise<string> {
  const { threadId, cursor } = await placeOfPost(community, postId, postsPerPage)
  const page = cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`
  return `/c/${community.slug}/t/${threadId}${page}#post-${postId}`
}
