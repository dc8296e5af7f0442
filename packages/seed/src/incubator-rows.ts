import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import type { IncubatorSettings } from '@kindred/incubator'
import { freeCommunityPlans, type CommunityPlan } from './community-plans.ts'
import { unusablePasswordHash } from './hub-rows.ts'
import { takenNames } from './seed-network.ts'

/** What `seedIncubator` left for staff to look at. */
export interface IncubatorSeedResult {
  /** Ready for review: enough supporters and volunteer moderators. */
  ready: number
  /** Gathering support, its window closing within days. */
  expiring: number
  /** Sent back to its founder by staff, with the reason. */
  changesRequested: number
  /** Accounts created for the founders and supporters. */
  accounts: number
}

interface ProposalPlan {
  status: Extract<ProposalStatus, 'ready' | 'open' | 'changes_requested'>
  /** Supporters and, among them, volunteer moderators, from the class's thresholds. */
  supporters: number
  moderators: number
  /** When the support window closes, from now. */
  expiresInDays: number
}

const day = 86_400_000
const names = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Esra', 'Farid', 'Greta', 'Hugo', 'Inès', 'Jonas', 'Kemal', 'Lucía', 'Mateo', 'Nadia']

// Two ready for review (one comfortably, one just at the thresholds), one short of support whose window
// closes in two days, one sent back for changes.
function plansFor(settings: IncubatorSettings): ProposalPlan[] {
  const { supporters, moderators } = settings.thresholds.unknown
  return [
    { status: 'ready', supporters: supporters + 3, moderators: moderators + 1, expiresInDays: 40 },
    { status: 'ready', supporters, moderators, expiresInDays: 25 },
    { status: 'open', supporters: Math.max(supporters - 2, 1), moderators: Math.max(moderators - 1, 0), expiresInDays: 2 },
    { status: 'changes_requested', supporters: Math.max(supporters - 1, 1), moderators, expiresInDays: 60 },
  ]
}

async function insertPeople(db: Kysely<HubDatabase>, slug: string, count: number, createdAt: Date): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID())
  const emails = ids.map((_, index) => `${slug}.proposal.${index + 1}@seed.kindred.invalid`)
  const displayNames = ids.map((_, index) => `${names[index % names.length] ?? 'Someone'} ${String.fromCharCode(65 + (index % 26))}.`)
  await sql`
    insert into hub.accounts (id, email, display_name, password_hash, created_at, sessions_valid_after, email_verified_at)
    select id, email, display_name, ${unusablePasswordHash}, ${createdAt}, ${createdAt}, ${createdAt}
    from unnest(${ids}::uuid[], ${emails}::text[], ${displayNames}::text[]) as a(id, email, display_name)`.execute(db)
  return ids
}

async function insertProposal(db: Kysely<HubDatabase>, disease: CommunityPlan, plan: ProposalPlan, now: Date): Promise<number> {
  const proposedAt = new Date(now.getTime() - 20 * day)
  const [founderId, ...supporterIds] = await insertPeople(db, disease.slug, plan.supporters + 1, new Date(proposedAt.getTime() - day))
  if (founderId === undefined) throw new Error('no founder')
  const proposalId = randomUUID()
  // Raw SQL where the history is backdated, as for the seeded communities' proposals.
  await sql`
    insert into hub.proposals (id, founder_id, disease_name, disease_key, orpha_code, prevalence_class, slug, summary, languages,
                               founder_statement, also_known_as, status, expires_at, created_at, updated_at)
    values (${proposalId}::uuid, ${founderId}::uuid, ${disease.diseaseName}, ${disease.diseaseKey}, ${disease.orphaCode}, 'unknown',
            ${disease.slug}, ${`A community for people living with ${disease.diseaseName} and those who care for them.`},
            ${disease.languages}::text[], 'My daughter was diagnosed last year; we have never met another family who lives with it.',
            ${disease.alsoKnownAs}::text[], ${plan.status}, ${new Date(now.getTime() + plan.expiresInDays * day)}, ${proposedAt}, ${now})`.execute(
    db,
  )
  const supportAs = supporterIds.map((_, index) => (index < plan.moderators ? 'moderator' : 'member'))
  const supportedAt = supporterIds.map((_, index) => new Date(proposedAt.getTime() + (index + 1) * day))
  await sql`
    insert into hub.proposal_supports (proposal_id, account_id, support_as, created_at)
    select ${proposalId}::uuid, account_id, support_as, created_at
    from unnest(${supporterIds}::uuid[], ${supportAs}::text[], ${supportedAt}::timestamptz[]) as s(account_id, support_as, created_at)`.execute(
    db,
  )
  const moved = new Date(proposedAt.getTime() + (plan.supporters + 1) * day)
  await sql`insert into hub.proposal_events (proposal_id, from_status, to_status, actor_id, reason, created_at)
            values (${proposalId}::uuid, null, 'open', ${founderId}::uuid, null, ${proposedAt})`.execute(db)
  if (plan.status === 'ready')
    await sql`insert into hub.proposal_events (proposal_id, from_status, to_status, actor_id, reason, created_at)
              values (${proposalId}::uuid, 'open', 'ready', null, 'Enough supporters and volunteer moderators', ${moved})`.execute(db)
  if (plan.status === 'changes_requested')
    await sql`insert into hub.proposal_events (proposal_id, from_status, to_status, actor_id, reason, created_at)
              values (${proposalId}::uuid, 'open', 'changes_requested', null,
                      'Please add the names families know this disease by, and the Orphanet code if there is one.', ${moved})`.execute(db)
  return plan.supporters + 1
}

/**
 * Leaves something in the incubator for staff to review on a fresh network: two proposals ready for
 * review (seeded accounts supporting them, volunteer moderators among them, to the thresholds of their
 * class), one still short of support whose window closes in two days, and one sent back for changes. For
 * diseases no community or proposal has taken; fewer when the disease list runs out.
 *
 * @example await seedIncubator(db, config.incubator) // { ready: 2, expiring: 1, changesRequested: 1, accounts: 40 }
 */
export async function seedIncubator(db: Kysely<HubDatabase>, settings: IncubatorSettings, now = new Date()): Promise<IncubatorSeedResult> {
  const plans = plansFor(settings)
  let diseases: CommunityPlan[]
  try {
    diseases = freeCommunityPlans(plans.length, await takenNames(db))
  } catch (error) {
    if (error instanceof RangeError) return { ready: 0, expiring: 0, changesRequested: 0, accounts: 0 }
    throw error
  }
  const result: IncubatorSeedResult = { ready: 0, expiring: 0, changesRequested: 0, accounts: 0 }
  await db.transaction().execute(async (trx) => {
    for (const [index, plan] of plans.entries()) {
      const disease = diseases[index] as CommunityPlan
      result.accounts += await insertProposal(trx, disease, plan, now)
      if (plan.status === 'ready') result.ready += 1
      else if (plan.status === 'open') result.expiring += 1
      else result.changesRequested += 1
    }
  })
  return result
}
