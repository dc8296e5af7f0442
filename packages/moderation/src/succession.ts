import { sql, type Kysely, type Transaction } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Placements, TenantQuery } from '@kindred/community'
import { writeLog } from './log.ts'
import { isCurrent, setRole, standing, type MemberRow } from './members.ts'
import { lapseOffers } from './offer-rows.ts'
import type { MemberStanding } from './views.ts'

/** Ownership decided from outside a community: the hub's links and accounts, and every placement. */
export interface OwnershipDependencies {
  hub: Kysely<HubDatabase>
  placements: Placements
}

type HubTrx = Transaction<HubDatabase>

const standingColumns = ['member_id', 'pseudonym', 'role', 'approval', 'banned_at', 'left_at'] as const

// The hub's row of the community, locked for the whole change: staff appointing an owner and a handover
// in the same community take turns, so the flag ends as the last of them left the tenant. No key update:
// members joining meanwhile (a foreign key share lock) are not held up.
async function lockCommunity(trx: HubTrx, where: { slug: string } | { id: string }) {
  const select = trx
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'placement', 'schema_name as schemaName'])
    .where('status', 'in', ['live', 'archived'])
    .forNoKeyUpdate()
  const row = await ('slug' in where ? select.where('slug', '=', where.slug) : select.where('id', '=', where.id)).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  return row
}

// Which of these members belong to accounts that can still take part in the network: linked and not
// left, not banned network-wide, not being erased. The tenant cannot tell; only the hub knows accounts.
async function inGoodStanding(hub: Kysely<HubDatabase>, communityId: string, memberIds: readonly string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set()
  const rows = await hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.accounts as account', 'account.id', 'membership.account_id')
    .select('membership.member_id')
    .where('membership.community_id', '=', communityId)
    .where('membership.member_id', 'in', memberIds)
    .where('membership.left_at', 'is', null)
    .where('account.banned_at', 'is', null)
    .where('account.erasure_requested_at', 'is', null)
    .execute()
  return new Set(rows.map((row) => row.member_id))
}

async function setNeedsOwner(trx: HubTrx, communityId: string, needed: boolean, reason: string | null): Promise<void> {
  if (!needed) {
    await trx
      .updateTable('hub.communities')
      .set({ needs_owner_since: null })
      .where('id', '=', communityId)
      .where('needs_owner_since', 'is not', null)
      .execute()
    return
  }
  const flagged = await trx
    .updateTable('hub.communities')
    .set({ needs_owner_since: sql<Date>`now()` })
    .where('id', '=', communityId)
    .where('needs_owner_since', 'is', null)
    .returning('id')
    .executeTakeFirst()
  if (flagged !== undefined)
    await trx
      .insertInto('hub.community_events')
      .values({ community_id: communityId, action: 'owner_needed', actor_id: null, reason })
      .execute()
}

/**
 * Every owner of the community (and `also`), locked in one order by id, so concurrent changes cannot deadlock;
 * with no key update, as `memberForUpdate` locks.
 */
function ownersForUpdate(trx: TenantQuery, also?: string): Promise<MemberRow[]> {
  return trx
    .selectFrom('members')
    .select(standingColumns)
    .where((eb) => (also === undefined ? eb('role', '=', 'owner') : eb.or([eb('role', '=', 'owner'), eb('member_id', '=', also)])))
    .orderBy('member_id')
    .forNoKeyUpdate()
    .execute()
}

/**
 * Network staff make a current member of the community (approved, not left, not banned, and their account
 * in good standing) its owner, by the pairwise member id staff read in its moderation log, with a reason.
 * Whoever owned it before becomes a moderator (or a plain member if they are no longer current). Recorded
 * in the community's moderation log as done by network staff (`appoint_owner`, and `appoint_moderator` or
 * `remove_owner` for former owners), and in the hub's community history with the staff member; an open
 * offer of ownership lapses, and the community's flag for staff is cleared. Appointing the owner again
 * changes nothing. 404 for no such community or member, 409 `KINDRED_CONFLICT` for a member who cannot own it.
 *
 * @example await appointOwnerByStaff({ hub, placements }, { slug: 'fop', memberId, reason: 'The owner was erased; the group chose Ada', staffId })
 */
export async function appointOwnerByStaff(
  deps: OwnershipDependencies,
  appointment: { slug: string; memberId: string; reason: string; staffId: string },
): Promise<MemberStanding> {
  const { memberId, reason } = appointment
  return deps.hub.transaction().execute(async (hubTrx) => {
    const community = await lockCommunity(hubTrx, { slug: appointment.slug })
    const accountOk = (await inGoodStanding(hubTrx, community.id, [memberId])).has(memberId)
    const tenant = deps.placements.tenantDb(community)
    const result = await tenant.transaction(async (trx) => {
      const locked = await ownersForUpdate(trx, memberId)
      const target = locked.find((row) => row.member_id === memberId)
      if (target === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
      if (!isCurrent(target) || !accountOk)
        throw new KindredError('KINDRED_CONFLICT', 'Only a current member of the community, in good standing, can own it')
      if (target.role === 'owner') return { member: standing(target), changed: false }
      const staff = { kind: 'staff' } as const
      for (const owner of locked.filter((row) => row.member_id !== memberId)) {
        const current = isCurrent(owner)
        await setRole(trx, tenant.schema, owner.member_id, current ? 'moderator' : 'member')
        await writeLog(trx, staff, [{ action: current ? 'appoint_moderator' : 'remove_owner', memberId: owner.member_id, reason }])
      }
      await setRole(trx, tenant.schema, memberId, 'owner')
      await writeLog(trx, staff, [{ action: 'appoint_owner', memberId, reason }])
      await lapseOffers(trx)
      return { member: standing(target, { role: 'owner' }), changed: true }
    })
    await setNeedsOwner(hubTrx, community.id, false, null)
    if (result.changed) {
      await hubTrx
        .insertInto('hub.community_events')
        .values({ community_id: community.id, action: 'owner_appointed', actor_id: appointment.staffId, reason })
        .execute()
    }
    return result.member
  })
}

type Cause = 'erased' | 'banned'

const ownerGone: Record<Cause, string> = {
  erased: "The owner's account was erased",
  banned: "The owner's account was banned from the network",
}
const successor: Record<Cause, string> = {
  erased: "The longest-serving moderator, after the last owner's account was erased",
  banned: "The longest-serving moderator, after the last owner's account was banned from the network",
}
const nobodyLeft: Record<Cause, string> = {
  erased: "The last owner's account was erased and no moderator could take over",
  banned: "The last owner's account was banned from the network and no moderator could take over",
}

// Current moderators who have taken part (accepted the charter: a founding moderator who never came in is
// not handed a community unasked), longest-serving first. A moderator serves since their latest
// appoint_moderator entry in the log; founding moderators have none and serve since provisioning, their
// joined_at. Ties (founders provisioned together) go by member id, so the choice is the same on a retry.
function candidatesForUpdate(trx: TenantQuery) {
  return trx
    .selectFrom('members as m')
    .select(['m.member_id', 'm.role'])
    .select((eb) =>
      eb.fn
        .coalesce(
          eb
            .selectFrom('moderation_log as l')
            .select((inner) => inner.fn.max('l.created_at').as('appointed_at'))
            .whereRef('l.member_id', '=', 'm.member_id')
            .where('l.action', '=', 'appoint_moderator'),
          eb.ref('m.joined_at'),
        )
        .as('serving_since'),
    )
    .where('m.role', '=', 'moderator')
    .where('m.approval', '=', 'approved')
    .where('m.left_at', 'is', null)
    .where('m.banned_at', 'is', null)
    .where('m.charter_version', 'is not', null)
    .orderBy('serving_since')
    .orderBy('m.member_id')
    .forUpdate('m')
    .execute()
}

// not_owner: the member owned nothing here, so nothing was checked; kept: an owner in good standing is left.
type Handover = 'not_owner' | 'kept' | 'handed_on' | 'needs_owner'

// One community of an account that can no longer take part. If it owned the community it stops owning it;
// then, if no owner in good standing is left, the longest-serving moderator in good standing becomes owner,
// or else the community is flagged for staff. Runs again safely: an owner already removed by an earlier
// run (its remove_owner entry) still leads to the check, so a run that stopped before the hub's flag
// finishes it.
async function handOverIn(deps: OwnershipDependencies, communityId: string, memberId: string, cause: Cause): Promise<Handover> {
  return deps.hub.transaction().execute(async (hubTrx) => {
    const community = await lockCommunity(hubTrx, { id: communityId })
    const tenant = deps.placements.tenantDb(community)
    const outcome = await tenant.transaction(async (trx) => {
      const owners = await ownersForUpdate(trx, memberId)
      const departing = owners.find((row) => row.member_id === memberId)
      if (departing === undefined) return 'not_owner'
      const automatic = { kind: 'automatic' } as const
      if (departing.role === 'owner') {
        await setRole(trx, tenant.schema, memberId, 'member')
        await writeLog(trx, automatic, [{ action: 'remove_owner', memberId, reason: ownerGone[cause] }])
        await lapseOffers(trx)
      } else {
        await lapseOffers(trx, memberId)
        if (!(await removedEarlier(trx, memberId))) return 'not_owner'
      }
      return succeed(
        hubTrx,
        { trx, schema: tenant.schema },
        community.id,
        owners.filter((row) => row.member_id !== memberId),
        cause,
      )
    })
    if (outcome !== 'not_owner') await setNeedsOwner(hubTrx, community.id, outcome === 'needs_owner', nobodyLeft[cause])
    return outcome
  })
}

async function removedEarlier(trx: TenantQuery, memberId: string): Promise<boolean> {
  const entry = await trx
    .selectFrom('moderation_log')
    .select('id')
    .where('member_id', '=', memberId)
    .where('action', '=', 'remove_owner')
    .where('actor_kind', '=', 'automatic')
    .executeTakeFirst()
  return entry !== undefined
}

async function succeed(
  hubTrx: HubTrx,
  { trx, schema }: { trx: TenantQuery; schema: string },
  communityId: string,
  others: readonly MemberRow[],
  cause: Cause,
): Promise<Handover> {
  const owners = others.filter((row) => row.role === 'owner' && isCurrent(row))
  const goodOwners = await inGoodStanding(
    hubTrx,
    communityId,
    owners.map((row) => row.member_id),
  )
  if (owners.some((row) => goodOwners.has(row.member_id))) return 'kept'
  const candidates = await candidatesForUpdate(trx)
  const good = await inGoodStanding(
    hubTrx,
    communityId,
    candidates.map((row) => row.member_id),
  )
  const next = candidates.find((row) => good.has(row.member_id))
  if (next === undefined) return 'needs_owner'
  await setRole(trx, schema, next.member_id, 'owner')
  await writeLog(trx, { kind: 'automatic' }, [{ action: 'appoint_owner', memberId: next.member_id, reason: successor[cause] }])
  return 'handed_on'
}

/**
 * What an account's erasure or network ban does to the communities it owned: in each (live or archived),
 * it stops being an owner, and if no owner in good standing is left, ownership passes to the
 * longest-serving current moderator (see candidatesForUpdate), or, with none, the community is flagged for
 * network staff (`needs_owner_since`, cleared when staff appoint an owner). Every change is in the
 * community's moderation log as done by Kindred itself. An account neither banned nor being erased (a
 * ban lifted before the job ran) changes nothing; an account already gone is done. Runs again safely.
 *
 * @example await handOverOwnership({ hub, placements }, accountId)
 */
export async function handOverOwnership(deps: OwnershipDependencies, accountId: string): Promise<void> {
  const account = await deps.hub
    .selectFrom('hub.accounts')
    .select(['banned_at', 'erasure_requested_at'])
    .where('id', '=', accountId)
    .executeTakeFirst()
  if (account === undefined) return
  const cause: Cause | undefined = account.erasure_requested_at !== null ? 'erased' : account.banned_at !== null ? 'banned' : undefined
  if (cause === undefined) return
  const links = await deps.hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .select(['membership.community_id', 'membership.member_id'])
    .where('membership.account_id', '=', accountId)
    .where('community.status', 'in', ['live', 'archived'])
    .orderBy('membership.community_id')
    .execute()
  for (const link of links) await handOverIn(deps, link.community_id, link.member_id, cause)
}
