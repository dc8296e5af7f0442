import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { CommunityPlan } from './community-plans.ts'
import type { Roster } from './roster.ts'

/**
 * Seeded accounts cannot sign in: this is not a PHC string, so every password is refused (without the
 * cost of hashing one), and nobody can take over a demo account.
 */
export const unusablePasswordHash = '!seeded: no password'

/** When a seeded community's proposal moved through the incubator; it went live at `liveAt`. */
export interface ProposalTimes {
  proposedAt: Date
  readyAt: Date
  approvedAt: Date
  liveAt: Date
}

const day = 86_400_000
// Member supporters besides the volunteer moderators: what a rare-disease proposal typically gathers.
const memberSupporters = 5

/** Proposal, support and approval spread over 3 to 15 weeks before the launch. */
export function proposalTimes(liveAt: Date, random: () => number = Math.random): ProposalTimes {
  const lead = (21 + 84 * random()) * day
  const proposedAt = new Date(liveAt.getTime() - lead)
  return { proposedAt, readyAt: new Date(proposedAt.getTime() + 0.7 * lead), approvedAt: new Date(liveAt.getTime() - day / 2), liveAt }
}

/**
 * Inserts the roster's accounts in one statement, each created a day before it first took part, its address
 * confirmed then (as every member of a community has: joining waits for it).
 */
export async function insertAccounts(db: Kysely<HubDatabase>, roster: Roster, times: ProposalTimes): Promise<void> {
  const { people } = roster
  const createdAt = people.map(
    (person, index) => new Date((index < roster.founders + memberSupporters ? times.proposedAt : person.joinedAt).getTime() - day),
  )
  await sql`
    insert into hub.accounts (id, email, display_name, password_hash, created_at, sessions_valid_after, email_verified_at)
    select id, email, display_name, ${unusablePasswordHash}, created_at, created_at, created_at
    from unnest(${people.map((person) => person.accountId)}::uuid[], ${people.map((person) => person.email)}::text[],
                ${people.map((person) => person.displayName)}::text[], ${createdAt}::timestamptz[]) as a(id, email, display_name, created_at)`.execute(
    db,
  )
}

/**
 * The approved proposal a seeded community is provisioned from, as the incubator would have left it: the
 * founder's proposal, the volunteer moderators' and a few members' support, and its history up to approval.
 * Returns its id.
 */
export async function insertApprovedProposal(
  db: Kysely<HubDatabase>,
  plan: CommunityPlan,
  roster: Roster,
  times: ProposalTimes,
): Promise<string> {
  const proposalId = randomUUID()
  const [founder, ...others] = roster.people
  if (founder === undefined) throw new RangeError('a community needs at least one member, its founder')
  // Raw SQL where the history is backdated: the hub's types keep creation times to the database's now().
  await sql`
    insert into hub.proposals (id, founder_id, disease_name, disease_key, orpha_code, prevalence_class, slug, summary, languages,
                               founder_statement, also_known_as, status, expires_at, created_at, updated_at)
    values (${proposalId}::uuid, ${founder.accountId}::uuid, ${plan.diseaseName}, ${plan.diseaseKey}, ${plan.orphaCode}, 'unknown', ${plan.slug},
            ${`A community for people living with ${plan.diseaseName} and those who care for them.`}, ${plan.languages}::text[],
            'I have lived with this condition for years and want a safe place for us to talk.', ${plan.alsoKnownAs}::text[], 'approved',
            ${new Date(times.proposedAt.getTime() + 90 * day)}, ${times.proposedAt}, ${times.approvedAt})`.execute(db)
  const supporters = others.slice(0, roster.founders - 1 + memberSupporters)
  const supportSpan = times.readyAt.getTime() - times.proposedAt.getTime()
  await sql`
    insert into hub.proposal_supports (proposal_id, account_id, support_as, created_at)
    select ${proposalId}::uuid, account_id, support_as, created_at
    from unnest(${supporters.map((person) => person.accountId)}::uuid[],
                ${supporters.map((_, index) => (index < roster.founders - 1 ? 'moderator' : 'member'))}::text[],
                ${supporters.map((_, index) => new Date(times.proposedAt.getTime() + ((index + 1) / (supporters.length + 1)) * supportSpan))}::timestamptz[])
         as s(account_id, support_as, created_at)`.execute(db)
  await sql`
    insert into hub.proposal_events (proposal_id, from_status, to_status, actor_id, reason, created_at)
    values (${proposalId}::uuid, null, 'open', ${founder.accountId}::uuid, null, ${times.proposedAt}),
           (${proposalId}::uuid, 'open', 'ready', null, 'The proposal has the support it needs', ${times.readyAt}),
           (${proposalId}::uuid, 'ready', 'approved', null, 'Approved by network staff', ${times.approvedAt})`.execute(db)
  return proposalId
}

/**
 * After provisioning: links every member who is not a founder to the community with their pairwise member
 * id (left members marked as left), and moves what provisioning stamped with the present back to the
 * community's launch, so the history reads as if it had happened over the seeded days.
 */
export async function completeHubSide(
  db: Kysely<HubDatabase>,
  input: { communityId: string; proposalId: string; roster: Roster; memberIds: readonly string[]; times: ProposalTimes },
): Promise<void> {
  const { communityId, proposalId, roster, memberIds, times } = input
  const members = roster.people.slice(roster.founders)
  await db.transaction().execute(async (trx) => {
    if (members.length > 0) {
      await sql`
        insert into hub.memberships (account_id, community_id, member_id, joined_at, left_at)
        select account_id, ${communityId}::bigint, member_id, joined_at, left_at
        from unnest(${members.map((person) => person.accountId)}::uuid[], ${memberIds.slice(roster.founders)}::uuid[],
                    ${members.map((person) => person.joinedAt)}::timestamptz[], ${members.map((person) => person.leftAt)}::timestamptz[])
             as m(account_id, member_id, joined_at, left_at)`.execute(trx)
    }
    const founders = roster.people.slice(0, roster.founders).map((person) => person.accountId)
    await sql`update hub.memberships set joined_at = ${times.liveAt} where community_id = ${communityId}::bigint and account_id = any(${founders}::uuid[])`.execute(
      trx,
    )
    await sql`update hub.communities set created_at = ${times.approvedAt}, live_at = ${times.liveAt} where id = ${communityId}::bigint`.execute(
      trx,
    )
    await trx.updateTable('hub.proposals').set({ updated_at: times.liveAt }).where('id', '=', proposalId).execute()
    await sql`update hub.proposal_events set created_at = ${times.liveAt}
              where proposal_id = ${proposalId}::uuid and to_status in ('provisioning', 'live')`.execute(trx)
    await sql`update hub.community_invitations set invited_at = ${times.liveAt} where community_id = ${communityId}::bigint`.execute(trx)
  })
}
