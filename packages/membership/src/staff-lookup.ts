import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Placements, TenantHandle } from '@kindred/community'
import { communityForMembers } from './community-lookup.ts'
import { accountOfMember } from './member-accounts.ts'
import { normalisePseudonym } from './pseudonym.ts'

/** The reason staff give for linking a pseudonym to an account: required, kept in the hub's staff_lookups. */
export const staffLookupReasonMax = 2000

/**
 * The member of this community who goes by `pseudonym` (as members write it, spaces normalised), whether
 * current or not; undefined when none. A tenant-only lookup: it says nothing of the member's account.
 *
 * @example const member = await memberByPseudonym(tenant, 'Ada') // { memberId, pseudonym: 'Ada' }
 */
export async function memberByPseudonym(
  tenant: TenantHandle,
  pseudonym: string,
): Promise<{ memberId: string; pseudonym: string } | undefined> {
  const row = await tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym'])
    .where('pseudonym', '=', normalisePseudonym(pseudonym))
    .executeTakeFirst()
  return row === undefined ? undefined : { memberId: row.member_id, pseudonym: row.pseudonym }
}

/**
 * Network staff find the account behind a pseudonym in a community, through the hub's membership link
 * (`hub.memberships`: a member id is the account's in that community only). It links a pseudonym to a
 * person, so it needs a reason and is recorded in `hub.staff_lookups` (who, which member, why, when)
 * before the account is given. 404 for no such community or no member of that pseudonym (nothing
 * recorded: nobody was linked), 400 without a reason.
 *
 * @example const accountId = await findAccountByPseudonym({ hub, placements }, { slug: 'fop', pseudonym: 'Ada', staffId, reason: 'Legal request 2026-14' })
 */
export async function findAccountByPseudonym(
  deps: { hub: Kysely<HubDatabase>; placements: Placements },
  lookup: { slug: string; pseudonym: string; staffId: string; reason: string },
): Promise<string> {
  const reason = lookup.reason.trim()
  if (reason.length === 0) throw new KindredError('KINDRED_VALIDATION_FAILED', 'Say why you link this pseudonym to an account')
  if (reason.length > staffLookupReasonMax)
    throw new KindredError('KINDRED_VALIDATION_FAILED', `The reason is at most ${staffLookupReasonMax} characters`)
  const community = await communityForMembers(deps.hub, lookup.slug)
  const member = await memberByPseudonym(deps.placements.tenantDb(community), lookup.pseudonym)
  const accountId = member === undefined ? undefined : await accountOfMember(deps.hub, member.memberId)
  if (member === undefined || accountId === undefined)
    throw new KindredError('KINDRED_NOT_FOUND', 'No member of this community goes by this pseudonym')
  await deps.hub
    .insertInto('hub.staff_lookups')
    .values({ staff_id: lookup.staffId, community_id: community.id, kind: 'find_member', subject: member.memberId, reason })
    .execute()
  return accountId
}
