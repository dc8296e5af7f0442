import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Placements, TenantQuery } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { defineJob, type JobDependencies } from '@kindred/job-definition'
import { fanOutBatch, fanOutPosts, takeNotices, type Notice, type Told } from '../fan-out.ts'
import { rowId } from './row-id.ts'
import { membersTaking } from '../preferences.ts'
import { mailBatchSize, notificationMailJob } from './notification-mail.ts'
import { accountsOf } from './mail-parts.ts'
import { joinDecisionMailJob } from './join-decision-mail.ts'
import { messageMailJob } from './message-mail.ts'
import { moderationMailJob } from './moderation-mail.ts'

type FanOutDependencies = JobDependencies & { db: Kysely<HubDatabase>; placements: Placements }

// One mail job per post, kind and batch of recipients, queued in one statement. Queued before the fan-out
// commits: a mail job that starts first is retried (see notificationMailJob), while one queued after a
// commit that a crash then cut off would never be.
async function queueMail(deps: FanOutDependencies, communityId: string, told: Told[]): Promise<void> {
  if (told.length === 0) return
  const accounts = await accountsOf(
    deps.db,
    communityId,
    told.map((one) => one.memberId),
  )
  const byPost = Map.groupBy(
    told.flatMap(({ memberId, postId, kind }) => {
      const accountId = accounts.get(memberId)
      return accountId === undefined ? [] : [{ postId, kind, recipient: { accountId, memberId } }]
    }),
    (one) => `${one.kind}:${one.postId}`,
  )
  const payloads = [...byPost.values()].flatMap((ones) =>
    Array.from({ length: Math.ceil(ones.length / mailBatchSize) }, (_, index) => ({
      communityId,
      postId: ones[0]?.postId ?? '',
      kind: ones[0]?.kind ?? 'reply',
      recipients: ones.slice(index * mailBatchSize, (index + 1) * mailBatchSize).map((one) => one.recipient),
    })),
  )
  await notificationMailJob.enqueueAll(deps.db, payloads)
}

// Who of those told of posts wants to hear at once, by the kind each was told of.
async function tellingNow(trx: TenantQuery, told: Told[]): Promise<Told[]> {
  const now = new Map<string, Set<string>>()
  for (const kind of ['reply', 'mention'] as const) {
    const memberIds = [...new Set(told.filter((one) => one.kind === kind).map((one) => one.memberId))]
    now.set(kind, await membersTaking(trx, kind, 'immediately', memberIds))
  }
  return told.filter((one) => now.get(one.kind)?.has(one.memberId) === true)
}

// The mail of notifications that triggers wrote, for the members who take their kind at once: a job per
// conversation (a newer message replaces the waiting job, so a burst is one mail), per decision, and one per
// community for its moderators (a batch: each new request or report restarts its wait).
async function queueNoticeMail(deps: FanOutDependencies, communityId: string, notices: Notice[], trx: TenantQuery): Promise<void> {
  const accounts = await accountsOf(
    deps.db,
    communityId,
    notices.map((one) => one.memberId),
  )
  const now = new Map<string, Set<string>>()
  for (const kind of ['message', 'join_decision', 'moderation'] as const) {
    const memberIds = [...new Set(notices.filter((one) => one.kind === kind).map((one) => one.memberId))]
    now.set(kind, await membersTaking(trx, kind, 'immediately', memberIds))
  }
  const wanted = notices.flatMap((notice) => {
    const accountId = accounts.get(notice.memberId)
    return accountId !== undefined && now.get(notice.kind)?.has(notice.memberId) === true
      ? [{ ...notice, recipient: { accountId, memberId: notice.memberId } }]
      : []
  })
  // Newest last: of two messages of one conversation, the job queued last (replacing the other) tells of both.
  for (const notice of wanted.toSorted((a, b) => Number(a.notificationId) - Number(b.notificationId))) {
    if (notice.kind === 'message' && notice.senderId !== null) {
      await messageMailJob.enqueue(deps.db, {
        communityId,
        recipient: notice.recipient,
        senderId: notice.senderId,
        upTo: notice.notificationId,
      })
    } else if (notice.kind === 'join_decision') {
      await joinDecisionMailJob.enqueue(deps.db, { communityId, recipient: notice.recipient, notificationId: notice.notificationId })
    }
  }
  const moderators = wanted.filter((one) => one.kind === 'moderation')
  const upTo = moderators
    .map((one) => one.notificationId)
    .toSorted((a, b) => Number(a) - Number(b))
    .at(-1)
  if (upTo === undefined) return
  const recipients = [...new Map(moderators.map((one) => [one.memberId, one.recipient])).values()].slice(0, 100)
  await moderationMailJob.enqueue(deps.db, { communityId, recipients, upTo })
}

/**
 * `notifications__fan_out`: tells a community's members of the posts written since the last run, until the
 * queue is empty, and queues a mail for each member who wants to hear at once; then queues the mail of the
 * notifications that triggers wrote (messages, decisions on joining, the moderators' queue). Queued after
 * every post, message, request to join, decision and report, keyed per community: a burst queues one
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
        await queueMail(deps, communityId, await tellingNow(trx, members))
      })
      posts += taken
    }
    let notices = 0
    for (let taken = fanOutBatch; taken === fanOutBatch;) {
      taken = await takeNotices(tenant, async (taken, trx) => queueNoticeMail(deps, communityId, taken, trx))
      notices += taken
    }
    deps.logger.info({ task: 'notifications__fan_out', posts, told, notices }, 'members told of new posts and notices')
  },
})
