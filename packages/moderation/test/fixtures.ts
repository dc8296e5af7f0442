import type { Test } from 'tap'
import type { CommunityActor } from '@kindred/community'
import { createThread, replyToThread } from '@kindred/forum'
import { findTenantMember, joinCommunity } from '@kindred/membership'
import { buildTestHub, provisionTestCommunity, signUp, tenantOf, withoutLoadShedding } from '@kindred/testkit'

/**
 * A live community with join approval on (as provisioned), its founding owner and moderator having
 * completed their membership, and helpers to bring in newcomers and act as anyone, through the domain
 * functions against the real tenant.
 */
export async function moderatedCommunity(t: Test) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const proposal = await provisionTestCommunity(hub, 'fop', { joinApproval: true })
  const deps = { hub: hub.database.db, placements: hub.placements }
  const join = async (accountId: string, pseudonym: string) =>
    (await joinCommunity(deps, { accountId, slug: 'fop', pseudonym, acceptCharterVersion: 1 })).memberId
  const tenant = await tenantOf(hub, 'fop')

  /** The member as the tenant knows them now, as the hub's hook would hand them to a route. */
  const actor = async (memberId: string): Promise<CommunityActor> => {
    const member = await findTenantMember(tenant, memberId)
    if (member === undefined) throw new Error(`no member ${memberId}`)
    return { tenant, member: { memberId, pseudonym: member.pseudonym, role: member.role, charterVersion: member.charterVersion } }
  }
  /** A new account asking to join (pending while join approval is on). */
  const newcomer = async (name: string) => join((await signUp(hub, name)).accountId, `${name} here`)
  const owner = await actor(await join(proposal.founderId, 'Founder Fran'))
  const moderator = await actor(await join(proposal.moderatorIds[0] ?? '', 'Kind Keeper'))
  /** An approved member, as a moderator's approval makes them. */
  const member = async (name: string) => {
    const memberId = await newcomer(name)
    await tenant.query.updateTable('members').set({ approval: 'approved' }).where('member_id', '=', memberId).execute()
    return actor(memberId)
  }
  const log = () =>
    tenant.query
      .selectFrom('moderation_log')
      .select(['actor_id', 'action', 'post_id', 'thread_id', 'member_id', 'report_id', 'reason'])
      .orderBy('id')
      .execute()
  const thread = async (author: CommunityActor, replies: number) => {
    const categoryId = (await tenant.query.selectFrom('categories').select('id').orderBy('position').executeTakeFirstOrThrow()).id
    const opened = await createThread(author, { categoryId, title: 'Night pain', body: 'Opening post' })
    const posts = [opened.post.id]
    for (let i = 1; i <= replies; i++) posts.push((await replyToThread(author, opened.thread.id, `Reply ${i}`)).id)
    return { threadId: opened.thread.id, posts }
  }
  return { hub, tenant, proposal, join, actor, newcomer, member, owner, moderator, log, thread }
}
