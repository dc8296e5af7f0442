import type { Seed, SeedMember, SeedPost } from './direct-count.ts'
import { addMember, addPost, addReaction, addReport, addThread, moment, type SeededCommunity } from './fixture.ts'

// A small deterministic generator (mulberry32): the same tenant on every run, so a failure can be replayed.
function generator(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }
}

const hourMs = 3_600_000

/**
 * Fills a community with two months of activity before `now`: members joining, leaving, banned, pending,
 * declined and opted out; threads (some deleted or hidden), replies from seconds to days later (some by
 * the thread's author), "me too"s and reports resolved or not. Returns what it inserted.
 */
export async function fillRandomly(community: SeededCommunity, now: Date, seedNumber: number): Promise<Seed> {
  const random = generator(seedNumber)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const seed: Seed = { members: [], threads: [], posts: [], reactions: [], reports: [] }
  for (let index = 0; index < 16; index += 1) {
    const joinedAt = moment(now, -60 + Math.floor(random() * 40), random() * 24)
    const leaves = index % 7 === 3
    const member: Omit<SeedMember, 'id'> = {
      joinedAt,
      leftAt: leaves ? new Date(joinedAt.getTime() + (1 + random() * 20) * 24 * hourMs) : null,
      bannedAt: index === 5 ? new Date(joinedAt.getTime() + 10 * 24 * hourMs) : null,
      approved: index !== 6 && index !== 7,
      counted: index % 5 !== 2,
    }
    const id = await addMember(community, { ...member, approval: index === 6 ? 'pending' : index === 7 ? 'declined' : 'approved' })
    seed.members.push({ id, ...member })
  }
  const posters = seed.members.filter((member) => member.approved)
  for (let index = 0; index < 40; index += 1) {
    const authorId = pick(posters).id
    const at = moment(now, -58 + Math.floor(random() * 57), random() * 24)
    const { threadId, postId } = await addThread(community, authorId, at)
    seed.threads.push({ id: threadId, authorId, at })
    seed.posts.push({ id: postId, threadId, authorId, at, opening: true })
    let last = at.getTime()
    for (let reply = Math.floor(random() * 5); reply > 0; reply -= 1) {
      last += random() * 30 * hourMs
      if (last >= now.getTime() - hourMs) break
      const replyAuthor = random() < 0.25 ? authorId : pick(posters).id
      const replyAt = new Date(last)
      seed.posts.push({
        id: await addPost(community, threadId, replyAuthor, replyAt),
        threadId,
        authorId: replyAuthor,
        at: replyAt,
        opening: false,
      })
    }
  }
  await hideSome(community, seed.posts)
  const reacted = new Set<string>()
  for (let index = 0; index < 60; index += 1) {
    const post = pick(seed.posts)
    const memberId = pick(posters).id
    const at = new Date(Math.min(post.at.getTime() + random() * 72 * hourMs, now.getTime() - hourMs))
    if (reacted.has(`${post.id}/${memberId}`)) continue
    reacted.add(`${post.id}/${memberId}`)
    await addReaction(community, post.id, memberId, at)
    seed.reactions.push({ postId: post.id, memberId, at })
  }
  for (let index = 0; index < 10; index += 1) {
    const post = pick(seed.posts)
    const at = new Date(post.at.getTime() + random() * 10 * hourMs)
    const resolvedAt = index % 3 === 0 ? null : new Date(at.getTime() + random() * 60 * hourMs)
    await addReport(community, pick(posters).id, post.id, at, resolvedAt)
    seed.reports.push({ at, resolvedAt })
  }
  return seed
}

// Deleted and hidden posts still count: the activity happened.
async function hideSome(community: SeededCommunity, posts: SeedPost[]): Promise<void> {
  const tdb = community.tenant.query
  const ids = posts.filter((_, index) => index % 9 === 4).map((post) => post.id)
  await tdb.updateTable('posts').set({ deleted_at: new Date() }).where('id', 'in', ids).execute()
  await tdb
    .updateTable('threads')
    .set({ hidden_at: new Date() })
    .where(
      'id',
      'in',
      posts.slice(0, 3).map((post) => post.threadId),
    )
    .execute()
}
