import { sql, type ExpressionBuilder } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, type CommunityActor, type MemberRole, type TenantDatabase } from '@kindred/community'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'
import type { MemberStanding } from './views.ts'

/** A member as moderators list them to act on: where they stand, since when, and since when banned. */
export interface ListedMember extends MemberStanding {
  joinedAt: Date
  bannedAt: Date | null
}

export interface MemberListQuery extends PageQuery {
  /** Only members with this role (e.g. the moderators). */
  role?: MemberRole
}

// The lower-cased pseudonym: unique in a community, so the one key of the list's order (as the directory).
const lowerPseudonym = sql<string>`lower(pseudonym)`
const pseudonymKeys = keyset(['text'])

// Whom moderators act on: who takes part, and who is banned (to lift it), whatever their privacy choices;
// not who left, nor requests to join still waiting or declined (the join requests are theirs).
const actedOn = (eb: ExpressionBuilder<TenantDatabase, 'members'>) =>
  eb.and([eb('left_at', 'is', null), eb.or([eb('approval', '=', 'approved'), eb('banned_at', 'is not', null)])])

function selectListed(actor: CommunityActor) {
  return actor.tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym', 'role', 'approval', 'joined_at', 'banned_at', lowerPseudonym.as('position')])
    .where(actedOn)
}

type ListedRow = Awaited<ReturnType<ReturnType<typeof selectListed>['executeTakeFirstOrThrow']>>

const listed = (row: ListedRow): ListedMember => ({
  memberId: row.member_id,
  pseudonym: row.pseudonym,
  role: row.role,
  approval: row.approval,
  banned: row.banned_at !== null,
  joinedAt: row.joined_at,
  bannedAt: row.banned_at,
})

/**
 * The community's members as its moderators act on them (403 for anyone else): everyone taking part and
 * everyone banned, by pseudonym (keyset on the lower-cased pseudonym), whatever their privacy choices;
 * optionally only one role.
 *
 * @example const { items, next } = await moderatedMembers(actor, { role: 'moderator', limit: 50 })
 */
export async function moderatedMembers(actor: CommunityActor, query: MemberListQuery): Promise<Page<ListedMember>> {
  assertModerator(actor.member)
  let select = selectListed(actor)
  if (query.role !== undefined) select = select.where('role', '=', query.role)
  if (query.cursor !== undefined) select = select.where(pseudonymKeys.after([lowerPseudonym], 'asc', pseudonymKeys.decode(query.cursor)))
  const rows = await select
    .orderBy(lowerPseudonym)
    .limit(query.limit + 1)
    .execute()
  return toPage(rows, query.limit, (row) => pseudonymKeys.encode([row.position]), listed)
}

/**
 * One member as `moderatedMembers` lists them (before a moderator bans them, say); 404 for anyone it
 * would not list.
 *
 * @example const member = await moderatedMember(actor, memberId)
 */
export async function moderatedMember(actor: CommunityActor, memberId: string): Promise<ListedMember> {
  assertModerator(actor.member)
  const row = await selectListed(actor).where('member_id', '=', memberId).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
  return listed(row)
}
