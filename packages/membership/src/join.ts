import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { currentCharter } from '@kindred/charter'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { assertEmailVerified } from '@kindred/identity'
import type { MemberApproval } from '@kindred/community'
import { copyCharterInto } from '@kindred/tenancy'
import { assertLive, communityForMembers } from './community-lookup.ts'
import type { MembershipDependencies } from './dependencies.ts'
import { normalisePseudonym } from './pseudonym.ts'
import { findTenantMember, insertTenantMember, joinApprovalRequired, reactivateTenantMember, type TenantMember } from './tenant-members.ts'

export interface JoinRequest {
  accountId: string
  slug: string
  pseudonym: string
  /** The charter version the member read and accepts: it must be the one in force. */
  acceptCharterVersion: number
}

const uniqueViolation = '23505'
const alreadyMember = (): KindredError => new KindredError('KINDRED_ALREADY_MEMBER', 'You are already a member of this community')

interface Link {
  memberId: string
  existing: boolean
}

// Locks the account's link to the community for the rest of the join, or creates it with a new pairwise
// id. Two joins racing both insert; the loser's primary key violation means the other one won.
async function claimLink(trx: Kysely<HubDatabase>, accountId: string, communityId: string): Promise<Link> {
  const existing = await trx
    .selectFrom('hub.memberships')
    .select('member_id')
    .where('account_id', '=', accountId)
    .where('community_id', '=', communityId)
    .forUpdate()
    .executeTakeFirst()
  if (existing !== undefined) {
    await trx.updateTable('hub.memberships').set({ left_at: null }).where('member_id', '=', existing.member_id).execute()
    return { memberId: existing.member_id, existing: true }
  }
  const memberId = randomUUID()
  try {
    await trx.insertInto('hub.memberships').values({ account_id: accountId, community_id: communityId, member_id: memberId }).execute()
  } catch (error) {
    if ((error as { code?: string }).code === uniqueViolation) throw alreadyMember()
    throw error
  }
  return { memberId, existing: false }
}

// Approved stays approved (a founding owner or moderator completing their membership, a member coming
// back); anyone else, a declined member asking again included, is a new request.
const approvalOf = (current: TenantMember | undefined, approvalRequired: boolean): MemberApproval =>
  current?.approval === 'approved' || !approvalRequired ? 'approved' : 'pending'

/**
 * Joins a live community under a pseudonym of the member's choosing, accepting the charter in force
 * (`KINDRED_CHARTER_VERSION_MISMATCH` otherwise). The hub links the account to a new random member id; the
 * tenant gets only that id and the pseudonym. Where the community requires approval (its
 * `settings.join_approval`, on by default) a new member waits as `pending` for a moderator. A member who
 * left comes back as the same member (bans and approval included); a founding owner or moderator
 * completes their membership this way; a declined member may ask again (pending again). An account that
 * has not confirmed its address is refused (`KINDRED_EMAIL_UNVERIFIED`). The hub's transaction stays open
 * around the tenant's write, so a refused pseudonym leaves no link behind.
 *
 * @example await joinCommunity({ hub, placements }, { accountId, slug: 'fop', pseudonym: 'Bone Builder', acceptCharterVersion: 1 })
 */
export async function joinCommunity(deps: MembershipDependencies, request: JoinRequest): Promise<TenantMember> {
  const community = await communityForMembers(deps.hub, request.slug)
  assertLive(community)
  await assertEmailVerified(deps.hub, request.accountId)
  const charter = await currentCharter(deps.hub)
  if (charter.version !== request.acceptCharterVersion) {
    throw new KindredError(
      'KINDRED_CHARTER_VERSION_MISMATCH',
      `The charter in force is version ${charter.version}: read it and accept that version`,
    )
  }
  const tenant = deps.placements.tenantDb(community)
  // The version accepted must be one the community knows, even before the job copying it there has run.
  await copyCharterInto(tenant.query, charter)
  const pseudonym = normalisePseudonym(request.pseudonym)
  const approvalRequired = await joinApprovalRequired(tenant)
  return deps.hub.transaction().execute(async (trx) => {
    const link = await claimLink(trx, request.accountId, community.id)
    const acceptance = { memberId: link.memberId, pseudonym, charterVersion: charter.version }
    let member: TenantMember
    if (link.existing) {
      const current = await findTenantMember(tenant, link.memberId)
      const completing =
        current !== undefined && (current.leftAt !== null || current.charterVersion === null || current.approval === 'declined')
      if (!completing) throw alreadyMember()
      if (current.bannedAt !== null) throw new KindredError('KINDRED_BANNED_FROM_COMMUNITY', 'You are banned from this community')
      member = await reactivateTenantMember(tenant, { ...acceptance, approval: approvalOf(current, approvalRequired) })
    } else {
      member = await insertTenantMember(tenant, { ...acceptance, approval: approvalOf(undefined, approvalRequired) })
    }
    await trx
      .deleteFrom('hub.community_invitations')
      .where('community_id', '=', community.id)
      .where('account_id', '=', request.accountId)
      .execute()
    return member
  })
}
