import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Placements } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { defineJob, type JobDependencies } from '@kindred/job-definition'
import { fanOutBatch, fanOutPosts, type Told } from '../fan-out.ts'
import { rowId } from './row-id.ts'
import { membersTaking } from '../preferences.ts'
import { mailBatchSize, notificationMailJob } from './notification-mail.ts'

type FanOutDependencies = JobDependencies & { db: Kysely<HubDatabase>; placements: Placements }

// The accounts behind the members (the hub's links, never the tenant's), then one mail job per post and
// batch of recipients, queued in one statement. Queued before the fan-out commits: a mail job that starts first is retried (see
// notificationMailJob), while one queued after a commit that a crash then cut off would never be.
async function queueMail(deps: FanOutDependencies, communityId: string, told: Told[]): Promise<void> {
  if (told.length === 0) return
  const links = await deps.db
    .selectFrom('hub.memberships')
    .select(['member_id', 'account_id'])
    .where('community_id', '=', communityId)
    .where('member_id', 'in', [...new Set(told.map((one) => one.memberId))])
    .where('left_at', 'is', null)
    .execute()
  const accounts = new Map(links.map((link) => [link.member_id, link.account_id]))
  const byPost = Map.groupBy(
    told.flatMap(({ memberId, postId }) => {
      const accountId = accounts.get(memberId)
      return accountId === undefined ? [] : [{ postId, recipient: { accountId, memberId } }]
    }),
    (one) => one.postId,
  )
  const payloads = [...byPost].flatMap(([postId, ones]) =>
    Array.from({ length: Math.ceil(ones.length / mailBatchSize) }, (_, index) => ({
      communityId,
      postId,
      recipients: ones.slice(index * mailBatchSize, (index + 1) * mailBatchSize).map((one) => one.recipient),
    })),
  )
  await notificationMailJob.enqueueAll(deps.db, payloads)
}

/**
 * `notifications__fan_out`: tells a community's members of the posts written since the last run, until the
 * queue is empty, and queues a mail for each member who wants to hear at once. Queued after every post is written, keyed per community: a burst of replies queues one
 * run (a run already going leaves the next one queued behind it, which finds what it missed). A community
 * that is not live any more is left alone.
 *
 * @example await notificationsFanOutJob.enqueue(hub, { communityId })
 */
export const notificationsFanOutJob = defineJob({
  name: 'notifications__fan_out',
  payload: Type.Object({ communityId: rowId }, { additionalProperties: false }),
  key: ({ communityId }) => `notifications__fan_out:${communityId}`,
  maxAttempts: 10,
  run: async (deps: FanOutDependencies, { communityId }) => {
    const community = await deps.db
      .selectFrom('hub.communities')
      .select(['placement', 'schema_name as schemaName'])
      .where('id', '=', communityId)
      .where('status', '=', 'live')
      .executeTakeFirst()
    if (community === undefined) return
    const tenant = deps.placements.tenantDb(community)
    let posts = 0
    let told = 0
    for (let taken = fanOutBatch; taken === fanOutBatch;) {
      taken = await fanOutPosts(tenant, async (members, trx) => {
        told += members.length
        const now = await membersTaking(trx, 'reply', 'immediately', [...new Set(members.map((one) => one.memberId))])
        await queueMail(
          deps,
          communityId,
          members.filter((one) => now.has(one.memberId)),
        )
      })
      posts += taken
    }
    deps.logger.info({ task: 'notifications__fan_out', posts, told }, 'members told of new posts')
  },
})
