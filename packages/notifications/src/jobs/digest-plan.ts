import type { Kysely } from 'kysely'
import type { Placements } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, type JobDependencies } from '@kindred/job-definition'
import { digestPeriod, membersDueDigest, type DigestFrequency, type DigestPeriod } from '../digest.ts'
import { digestBatchSize, digestMailJob } from './digest-mail.ts'

type PlanDependencies = JobDependencies & { db: Kysely<HubDatabase>; placements: Placements }

// Member ids per statement when finding their accounts: well under PostgreSQL's limit of parameters.
const lookupSize = 5000

// The accounts behind the members of one community (the hub's links, never the tenant's) still there to write to.
async function accountsOf(db: Kysely<HubDatabase>, communityId: string, memberIds: readonly string[]): Promise<string[]> {
  const accounts: string[] = []
  for (let start = 0; start < memberIds.length; start += lookupSize) {
    const rows = await db
      .selectFrom('hub.memberships as m')
      .innerJoin('hub.accounts as a', 'a.id', 'm.account_id')
      .select('m.account_id')
      .where('m.community_id', '=', communityId)
      .where('m.member_id', 'in', memberIds.slice(start, start + lookupSize))
      .where('m.left_at', 'is', null)
      .where('a.banned_at', 'is', null)
      .where('a.erasure_requested_at', 'is', null)
      .execute()
    accounts.push(...rows.map((row) => row.account_id))
  }
  return accounts
}

/**
 * Queues the period's digests: finds, community by community, the members who may have something in it,
 * then queues one `digest__mail` job per `digestBatchSize` of their accounts (each account once, however
 * many communities it is due in). Answers how many accounts. Planning twice queues the same jobs again
 * (their keys hold), and their deliveries' keys send each digest once.
 *
 * @example await planDigests(deps, digestPeriod('daily', new Date()))
 */
export async function planDigests(deps: PlanDependencies, period: DigestPeriod): Promise<number> {
  const communities = await deps.db
    .selectFrom('hub.communities')
    .select(['id', 'placement', 'schema_name as schemaName'])
    .where('status', '=', 'live')
    .orderBy('id')
    .execute()
  const accounts = new Set<string>()
  for (const community of communities) {
    const due = await membersDueDigest(deps.placements.tenantDb(community), period)
    if (due.length > 0) for (const accountId of await accountsOf(deps.db, community.id, due)) accounts.add(accountId)
  }
  const sorted = [...accounts].toSorted()
  const until = period.until.toISOString()
  const payloads = Array.from({ length: Math.ceil(sorted.length / digestBatchSize) }, (_, index) => ({
    frequency: period.frequency,
    until,
    accountIds: sorted.slice(index * digestBatchSize, (index + 1) * digestBatchSize),
  }))
  for (let start = 0; start < payloads.length; start += 100) await digestMailJob.enqueueAll(deps.db, payloads.slice(start, start + 100))
  return sorted.length
}

// A cron run's period ends when the run was due (a late worker tells of the same day); one queued by hand, now.
const untilOf = (payload: { _cron?: { ts: string } }): Date => {
  const due = payload._cron === undefined ? new Date() : new Date(payload._cron.ts)
  return Number.isNaN(due.getTime()) ? new Date() : due
}

function planJob(frequency: DigestFrequency, name: 'digests__plan_daily' | 'digests__plan_weekly', schedule: string) {
  return defineJob({
    name,
    payload: cronPayload,
    maxAttempts: 5,
    schedule,
    // A worker down at 07:00 sends the day's digests when it is back, the same day.
    catchUpHours: 12,
    run: async (deps: PlanDependencies, payload) => {
      const accounts = await planDigests(deps, digestPeriod(frequency, untilOf(payload)))
      deps.logger.info({ task: name, accounts }, 'digests queued')
    },
  })
}

/**
 * `digests__plan_daily`: every day at 07:00 UTC, queues the daily digests of the day before (see planDigests).
 *
 * @example await dailyDigestPlanJob.enqueue(hub, {})
 */
export const dailyDigestPlanJob = planJob('daily', 'digests__plan_daily', '0 7 * * *')

/**
 * `digests__plan_weekly`: every Monday at 07:00 UTC, queues the weekly digests of the week before.
 *
 * @example await weeklyDigestPlanJob.enqueue(hub, {})
 */
export const weeklyDigestPlanJob = planJob('weekly', 'digests__plan_weekly', '0 7 * * 1')
