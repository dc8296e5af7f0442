import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { provisionCommunity, type TenancyDependencies } from '@kindred/tenancy'
import { freeCommunityPlans, type CommunityPlan } from './community-plans.ts'
import { completeHubSide, insertAccounts, insertApprovedProposal, proposalTimes } from './hub-rows.ts'
import { planRoster } from './roster.ts'
import { fillTenant, type TenantCounts } from './tenant-rows.ts'

/** The size of a seeded network. */
export interface SeedOptions {
  communities: number
  /** Members per community, founders included. */
  members: number
  /** Threads per community. */
  threads: number
  /** Replies per thread on average (default 4): each community has `threads × (1 + replies)` posts. */
  replies?: number
  /** Days of history: communities launch over the first quarter of them and are active until now. */
  days: number
  /** Communities built at once (default 4). */
  concurrency?: number
  /** The present of the seeded history (default: now). */
  now?: Date
  onProgress?: (progress: SeedProgress) => void
}

export interface SeedProgress {
  done: number
  total: number
  failed: number
}

/** What was built, added up over the communities, and how long it took. */
export interface SeedResult extends TenantCounts {
  communities: number
  /** Hub accounts created, one per seeded member (see the package README). */
  accounts: number
  elapsedMs: number
}

const day = 86_400_000

/**
 * Seeds one community: accounts and an approved proposal in the hub, the real provisioning (schema,
 * migrations, charter, categories, founders; live), then its members, forum and reports in the tenant, and
 * last the hub's links to the members, with the launch backdated to `liveAt`.
 */
async function seedCommunity(
  deps: TenancyDependencies,
  plan: CommunityPlan,
  options: SeedOptions & { liveAt: Date; now: Date },
): Promise<TenantCounts> {
  const times = proposalTimes(options.liveAt)
  const roster = planRoster({ slug: plan.slug, members: options.members, liveAt: options.liveAt, now: options.now })
  const proposalId = await deps.db.transaction().execute(async (trx) => {
    await insertAccounts(trx, roster, times)
    return insertApprovedProposal(trx, plan, roster, times)
  })
  const provisioned = await provisionCommunity(deps, proposalId)
  if (provisioned.outcome !== 'live' || provisioned.communityId === undefined || provisioned.placement === undefined) {
    throw new Error(`provisioning ${plan.slug} ended ${provisioned.outcome}`)
  }
  const communityId = provisioned.communityId
  const founders = await deps.db
    .selectFrom('hub.memberships')
    .select(['account_id', 'member_id'])
    .where('community_id', '=', communityId)
    .execute()
  const founderIds = new Map(founders.map((row) => [row.account_id, row.member_id]))
  const memberIds = roster.people.map((person) => founderIds.get(person.accountId) ?? randomUUID())
  const forum = { threads: options.threads, replies: options.replies ?? 4 }
  const fill = { roster, memberIds, forum, now: options.now }
  const counts = await fillTenant(deps.placements.database(provisioned.placement), `tenant_${communityId}`, fill)
  await completeHubSide(deps.db, { communityId, proposalId, roster, memberIds, times })
  return counts
}

/** The slugs, disease keys and Orphanet codes communities and proposals hold already: seeding skips them. */
export async function takenNames(
  db: Kysely<HubDatabase>,
): Promise<{ slugs: Set<string>; diseaseKeys: Set<string>; orphaCodes: Set<string> }> {
  const rows = await sql<{ slug: string; disease_key: string; orpha_code: string | null }>`
    select slug, disease_key, orpha_code from hub.communities
    union all select slug, disease_key, orpha_code from hub.proposals`.execute(db)
  return {
    slugs: new Set(rows.rows.map((row) => row.slug)),
    diseaseKeys: new Set(rows.rows.map((row) => row.disease_key)),
    orphaCodes: new Set(rows.rows.flatMap((row) => (row.orpha_code === null ? [] : [row.orpha_code]))),
  }
}

function validate(options: SeedOptions): void {
  const positive = { communities: options.communities, members: options.members, days: options.days, concurrency: options.concurrency ?? 4 }
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`)
  }
  for (const [name, value] of Object.entries({ threads: options.threads, replies: options.replies ?? 4 })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, not ${value}`)
  }
}

/**
 * Builds a demo or benchmark network: `communities` live communities for real rare diseases (the list in
 * data/diseases.json, then language chapters of them), each provisioned by the real provisioning and
 * filled with `members` members, `threads` threads with replies, reactions and reports spread over `days`
 * days. Communities are built `concurrency` at a time; the tenant data is written set-based (a handful of
 * statements per community), so 1,000 communities of 200 members and 2,000 posts take minutes. Adds to
 * what is there: diseases already taken are skipped. Stops at the first community that fails.
 *
 * @example await seedNetwork({ db, placements, logger }, { communities: 3, members: 20, threads: 10, days: 30 })
 * // { communities: 3, accounts: 60, members: 60, threads: 30, posts: 150, reactions: 112, reports: 1, optedOut: 3, elapsedMs: 2140 }
 */
export async function seedNetwork(deps: TenancyDependencies, options: SeedOptions): Promise<SeedResult> {
  validate(options)
  const started = performance.now()
  const now = options.now ?? new Date()
  const plans = freeCommunityPlans(options.communities, await takenNames(deps.db))
  const totals: SeedResult = {
    communities: 0,
    accounts: 0,
    members: 0,
    threads: 0,
    posts: 0,
    reactions: 0,
    reports: 0,
    optedOut: 0,
    elapsedMs: 0,
  }
  const progress: SeedProgress = { done: 0, total: plans.length, failed: 0 }
  let next = 0
  let failure: Error | undefined
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < plans.length) {
      const index = next++
      const plan = plans[index] as CommunityPlan
      // Launches spread over the first quarter of the period, so the network grows over it too.
      const liveAt = new Date(now.getTime() - options.days * day * (1 - (0.25 * index) / Math.max(plans.length, 1)))
      try {
        const counts = await seedCommunity(deps, plan, { ...options, liveAt, now })
        for (const key of ['members', 'threads', 'posts', 'reactions', 'reports', 'optedOut'] as const) totals[key] += counts[key]
        totals.communities += 1
        totals.accounts += options.members
        progress.done += 1
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error))
        progress.failed += 1
      }
      options.onProgress?.({ ...progress })
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, plans.length) }, worker))
  if (failure !== undefined) throw failure
  return { ...totals, elapsedMs: Math.round(performance.now() - started) }
}
