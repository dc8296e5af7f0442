import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CommunityStatus, HubDatabase, PrevalenceClass, ProposalStatus } from '@kindred/db'
import { recordProposalTransition } from '@kindred/incubator'
import { choosePlacement } from '../placement-choice.ts'
import type { MemberRole } from '@kindred/community'
import type { TenancyDependencies } from './dependencies.ts'
import { lockProvisioning } from './lock.ts'

/** A community being provisioned, as the later steps need it. */
export interface CommunityInProgress {
  id: string
  slug: string
  placement: string
  schemaName: string
  status: CommunityStatus
  /** ISO 639-1 codes: what its search configurations are chosen from. */
  languages: string[]
}

/** The founder (owner) and volunteer moderators, by their pairwise member ids in the new community. */
export interface FoundingMember {
  memberId: string
  role: Extract<MemberRole, 'owner' | 'moderator'>
}

export type Registration =
  | { outcome: 'build'; community: CommunityInProgress; founders: FoundingMember[] }
  | { outcome: 'already-provisioned'; community: CommunityInProgress }
  | { outcome: 'not-approved'; status: ProposalStatus | 'missing' }

const proposalColumns = [
  'id',
  'status',
  'founder_id',
  'slug',
  'disease_name',
  'disease_key',
  'orpha_code',
  'prevalence_class',
  'languages',
  'summary',
  'also_known_as',
] as const

interface ProposalRow {
  id: string
  status: ProposalStatus
  founder_id: string | null
  slug: string
  disease_name: string
  disease_key: string
  orpha_code: string | null
  prevalence_class: PrevalenceClass
  languages: string[]
  summary: string
  also_known_as: string[]
}

/**
 * First step, in the hub, in one transaction: creates the community (status `provisioning`, on its
 * placement) and moves the proposal from approved to provisioning, or finds the community an earlier
 * attempt created; then gives the founder and each volunteer moderator a membership with a fresh
 * pairwise member id. Every write is conditional, so re-running it changes nothing.
 */
export async function registerCommunity(
  deps: TenancyDependencies,
  proposalId: string,
  placement: string | undefined,
): Promise<Registration> {
  return deps.db.transaction().execute(async (trx) => {
    await lockProvisioning(trx, proposalId)
    // The row lock also waits for an approval still committing (and lets tests stop a job here).
    const proposal = await trx
      .selectFrom('hub.proposals')
      .select(proposalColumns)
      .where('id', '=', proposalId)
      .forUpdate()
      .executeTakeFirst()
    if (proposal === undefined) return { outcome: 'not-approved', status: 'missing' }
    let community = await communityOf(trx, proposalId)
    if (community !== undefined && (community.status === 'live' || community.status === 'archived')) {
      return { outcome: 'already-provisioned', community }
    }
    if (community === undefined) {
      if (proposal.status !== 'approved') return { outcome: 'not-approved', status: proposal.status }
      community = await insertCommunity(trx, proposal, await choosePlacement(trx, deps.placements, placement))
    }
    if (proposal.status === 'approved') {
      await recordProposalTransition(trx, {
        proposalId,
        from: 'approved',
        to: 'provisioning',
        actor: 'system',
        actorId: null,
        reason: 'The community is being set up',
      })
    }
    return { outcome: 'build', community, founders: await enrolFounders(trx, community.id, proposal) }
  })
}

async function communityOf(trx: Kysely<HubDatabase>, proposalId: string): Promise<CommunityInProgress | undefined> {
  return trx
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'placement', 'schema_name as schemaName', 'status', 'languages'])
    .where('proposal_id', '=', proposalId)
    .executeTakeFirst()
}

async function insertCommunity(trx: Kysely<HubDatabase>, proposal: ProposalRow, placement: string): Promise<CommunityInProgress> {
  return trx
    .insertInto('hub.communities')
    .values({
      slug: proposal.slug,
      proposal_id: proposal.id,
      name: proposal.disease_name,
      disease_name: proposal.disease_name,
      disease_key: proposal.disease_key,
      orpha_code: proposal.orpha_code,
      prevalence_class: proposal.prevalence_class,
      languages: proposal.languages,
      description: proposal.summary,
      also_known_as: proposal.also_known_as,
      status: 'provisioning',
      placement,
    })
    .returning(['id', 'slug', 'placement', 'schema_name as schemaName', 'status', 'languages'])
    .executeTakeFirstOrThrow()
}

async function enrolFounders(trx: Kysely<HubDatabase>, communityId: string, proposal: ProposalRow): Promise<FoundingMember[]> {
  const moderators = await trx
    .selectFrom('hub.proposal_supports')
    .select('account_id')
    .where('proposal_id', '=', proposal.id)
    .where('support_as', '=', 'moderator')
    .orderBy('created_at')
    .execute()
  const roles = new Map<string, FoundingMember['role']>(moderators.map((row) => [row.account_id, 'moderator']))
  // A founder account erased since it proposed leaves a community with moderators but no owner.
  if (proposal.founder_id !== null) roles.set(proposal.founder_id, 'owner')
  if (roles.size === 0) return []
  await trx
    .insertInto('hub.memberships')
    .values([...roles.keys()].map((accountId) => ({ account_id: accountId, community_id: communityId, member_id: randomUUID() })))
    .onConflict((conflict) => conflict.columns(['account_id', 'community_id']).doNothing())
    .execute()
  const memberships = await trx
    .selectFrom('hub.memberships')
    .select(['account_id', 'member_id'])
    .where('community_id', '=', communityId)
    .where('account_id', 'in', [...roles.keys()])
    .execute()
  return memberships.map((row) => ({ memberId: row.member_id, role: roles.get(row.account_id) ?? 'moderator' }))
}
