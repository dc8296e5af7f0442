import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import {
  announceMemberChanges,
  assertModerator,
  type CommunityActor,
  type CommunityMember,
  type MemberRole,
  type TenantQuery,
} from '@kindred/community'
import { writeLog } from './log.ts'
import { lapseOffers } from './offer-rows.ts'
import type { MemberStanding } from './views.ts'

const standingColumns = ['member_id', 'pseudonym', 'role', 'approval', 'banned_at', 'left_at'] as const

/**
 * The member's row, locked for the rest of the transaction; 404 if there is no such member. No key update:
 * a row that names the member (a log entry, a post) only takes a key share lock, so writing one waits on
 * nobody changing the member's role or ban, and a withdrawal logging its moderator cannot deadlock with
 * that moderator's acceptance.
 */
export async function memberForUpdate(trx: TenantQuery, memberId: string) {
  const member = await trx
    .selectFrom('members')
    .select(standingColumns)
    .where('member_id', '=', memberId)
    .forNoKeyUpdate()
    .executeTakeFirst()
  if (member === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
  return member
}

export type MemberRow = Awaited<ReturnType<typeof memberForUpdate>>

/** Takes part in the community now: approved, has not left, is not banned from it. */
export const isCurrent = (row: MemberRow): boolean => row.approval === 'approved' && row.left_at === null && row.banned_at === null

export const standing = (row: MemberRow, change: { role?: MemberRole; banned?: boolean } = {}): MemberStanding => ({
  memberId: row.member_id,
  pseudonym: row.pseudonym,
  role: change.role ?? row.role,
  approval: row.approval,
  banned: change.banned ?? row.banned_at !== null,
})

/**
 * Refuses with 403 `KINDRED_FORBIDDEN` a member who is no owner: the owners' own actions (moderators, ownership).
 *
 * @example assertOwner(actor.member)
 */
export function assertOwner(member: CommunityMember): void {
  if (member.role !== 'owner') throw new KindredError('KINDRED_FORBIDDEN', "This is for the community's owners only")
}

// Moderators act on members; only an owner acts on a moderator; an owner is answerable to network staff,
// not to the community's moderators; and nobody acts on themself.
function assertMayActOn(actor: CommunityMember, target: MemberRow): void {
  if (target.member_id === actor.memberId) throw new KindredError('KINDRED_SELF_MODERATION', 'Nobody can ban or unban themself')
  if (target.role === 'owner') throw new KindredError('KINDRED_OUTRANKED', 'An owner cannot be banned from within the community')
  if (target.role === 'moderator' && actor.role !== 'owner')
    throw new KindredError('KINDRED_OUTRANKED', 'Only an owner can ban or unban a moderator')
}

async function setBanned(actor: CommunityActor, memberId: string, banned: boolean, reason: string | undefined): Promise<MemberStanding> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const target = await memberForUpdate(trx, memberId)
    assertMayActOn(actor.member, target)
    if ((target.banned_at !== null) === banned)
      throw new KindredError('KINDRED_CONFLICT', banned ? 'This member is banned already' : 'This member is not banned')
    await trx
      .updateTable('members')
      .set({ banned_at: banned ? sql<Date>`now()` : null })
      .where('member_id', '=', memberId)
      .execute()
    await announceMemberChanges(trx, actor.tenant.schema, [memberId])
    // A banned moderator cannot take ownership, nor answer an offer.
    if (banned) await lapseOffers(trx, memberId)
    await writeLog(trx, actor.member.memberId, [{ action: banned ? 'ban_member' : 'unban_member', memberId, reason }])
    return standing(target, { banned })
  })
}

/**
 * Bans a member from the community, with the reason: their token stops working at once and they cannot
 * get another one or join again. Moderators ban members; an owner also bans moderators; an owner cannot be
 * banned here (403 `KINDRED_OUTRANKED`), nor oneself (403 `KINDRED_SELF_MODERATION`). A ban keeps the role.
 *
 * @example await banMember(actor, memberId, 'Selling unproven treatments after two warnings')
 */
export async function banMember(actor: CommunityActor, memberId: string, reason: string): Promise<MemberStanding> {
  return setBanned(actor, memberId, true, reason)
}

/**
 * Lifts a ban, under the same rules as banning: the member takes part again with a new token.
 *
 * @example await unbanMember(actor, memberId, 'Appeal accepted')
 */
export async function unbanMember(actor: CommunityActor, memberId: string, reason?: string): Promise<MemberStanding> {
  return setBanned(actor, memberId, false, reason)
}

/**
 * Makes an approved, current member a moderator (owners only; 403 for anyone else). Appointing a
 * moderator again changes and logs nothing; an owner already moderates (409).
 *
 * @example const moderator = await appointModerator(actor, memberId, 'Volunteered at the meeting')
 */
export async function appointModerator(actor: CommunityActor, memberId: string, reason?: string): Promise<MemberStanding> {
  assertOwner(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const target = await memberForUpdate(trx, memberId)
    if (target.role === 'owner') throw new KindredError('KINDRED_CONFLICT', 'An owner moderates already')
    if (target.role === 'moderator') return standing(target)
    if (target.approval !== 'approved' || target.left_at !== null || target.banned_at !== null) {
      throw new KindredError('KINDRED_CONFLICT', 'Only an approved member who has not left and is not banned can moderate')
    }
    await setRole(trx, actor.tenant.schema, memberId, 'moderator')
    await writeLog(trx, actor.member.memberId, [{ action: 'appoint_moderator', memberId, reason }])
    return standing(target, { role: 'moderator' })
  })
}

/**
 * Makes a moderator a member again (owners only). Removing someone who is no moderator changes and logs
 * nothing; an owner's role is not removed this way (409).
 *
 * @example await removeModerator(actor, memberId, 'Stepping back for a while')
 */
export async function removeModerator(actor: CommunityActor, memberId: string, reason?: string): Promise<MemberStanding> {
  assertOwner(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const target = await memberForUpdate(trx, memberId)
    if (target.role === 'owner') throw new KindredError('KINDRED_CONFLICT', 'An owner is not removed as a moderator')
    if (target.role === 'member') return standing(target)
    await setRole(trx, actor.tenant.schema, memberId, 'member')
    await lapseOffers(trx, memberId)
    await writeLog(trx, actor.member.memberId, [{ action: 'remove_moderator', memberId, reason }])
    return standing(target, { role: 'member' })
  })
}

/** Gives a member of the tenant (`schema`) a role, announced to every hub as the transaction commits. */
export async function setRole(trx: TenantQuery, schema: string, memberId: string, role: MemberRow['role']): Promise<void> {
  await trx.updateTable('members').set({ role }).where('member_id', '=', memberId).execute()
  await announceMemberChanges(trx, schema, [memberId])
}
