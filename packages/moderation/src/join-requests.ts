import { KindredError } from '@kindred/errors'
import { announceMemberChanges, assertModerator, tellJoinDecisions, type CommunityActor } from '@kindred/community'
import { keyset, micros, toPage, type Page, type PageQuery } from '@kindred/pagination'
import { writeLog } from './log.ts'
import type { JoinRequest, MemberStanding } from './views.ts'

const requestKeys = keyset(['time', 'uuid'])

/**
 * Members waiting for approval, oldest request first (keyset: `joined_at, member_id`), for moderators and
 * owners. Members who left or were banned meanwhile are not waiting any more.
 *
 * @example const { items, next } = await joinRequests(actor, { limit: 20 })
 */
export async function joinRequests(actor: CommunityActor, page: PageQuery): Promise<Page<JoinRequest>> {
  assertModerator(actor.member)
  let select = actor.tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym', 'joined_at', micros('joined_at').as('position')])
    .where('approval', '=', 'pending')
    .where('left_at', 'is', null)
    .where('banned_at', 'is', null)
  if (page.cursor !== undefined)
    select = select.where(requestKeys.after(['joined_at', 'member_id'], 'asc', requestKeys.decode(page.cursor)))
  const rows = await select
    .orderBy('joined_at')
    .orderBy('member_id')
    .limit(page.limit + 1)
    .execute()
  return toPage(
    rows,
    page.limit,
    (row) => requestKeys.encode([row.position, row.member_id]),
    (row) => ({ memberId: row.member_id, pseudonym: row.pseudonym, requestedAt: row.joined_at }),
  )
}

/**
 * One request still waiting for a decision (before a moderator declines it, say), for moderators and
 * owners; 404 when there is no such request waiting.
 *
 * @example const request = await joinRequest(actor, memberId) // { memberId, pseudonym, requestedAt }
 */
export async function joinRequest(actor: CommunityActor, memberId: string): Promise<JoinRequest> {
  assertModerator(actor.member)
  const row = await actor.tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym', 'joined_at'])
    .where('member_id', '=', memberId)
    .where('approval', '=', 'pending')
    .where('left_at', 'is', null)
    .where('banned_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such request to join')
  return { memberId: row.member_id, pseudonym: row.pseudonym, requestedAt: row.joined_at }
}

// Only a request still pending is decided, in one conditional update: of two moderators deciding at once,
// the second finds it decided (409) and logs nothing.
async function decide(
  actor: CommunityActor,
  memberId: string,
  approval: 'approved' | 'declined',
  reason: string | undefined,
): Promise<MemberStanding> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const decided = await trx
      .updateTable('members')
      .set({ approval })
      .where('member_id', '=', memberId)
      .where('approval', '=', 'pending')
      .where('left_at', 'is', null)
      .where('banned_at', 'is', null)
      .returning(['member_id', 'pseudonym', 'role', 'approval'])
      .executeTakeFirst()
    if (decided === undefined) {
      const exists = await trx.selectFrom('members').select('member_id').where('member_id', '=', memberId).executeTakeFirst()
      if (exists === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
      throw new KindredError('KINDRED_JOIN_REQUEST_DECIDED', 'This request to join is not pending any more')
    }
    await announceMemberChanges(trx, actor.tenant.schema, [memberId])
    await tellJoinDecisions(trx, [memberId], approval)
    await writeLog(trx, actor.member.memberId, [
      { action: approval === 'approved' ? 'approve_member' : 'decline_member', memberId, reason },
    ])
    return { memberId: decided.member_id, pseudonym: decided.pseudonym, role: decided.role, approval: decided.approval, banned: false }
  })
}

/**
 * Approves a pending request to join: the member takes part at once (their token works on every route).
 * 409 `KINDRED_JOIN_REQUEST_DECIDED` if it was decided already.
 *
 * @example await approveMember(actor, memberId)
 */
export async function approveMember(actor: CommunityActor, memberId: string, reason?: string): Promise<MemberStanding> {
  return decide(actor, memberId, 'approved', reason)
}

/**
 * Declines a pending request to join, with the reason (in the moderation log): the account is then no
 * member (403 `KINDRED_NOT_A_MEMBER`) until it asks again by joining.
 *
 * @example await declineMember(actor, memberId, 'This community is for people with FOP and their families')
 */
export async function declineMember(actor: CommunityActor, memberId: string, reason: string): Promise<MemberStanding> {
  return decide(actor, memberId, 'declined', reason)
}
