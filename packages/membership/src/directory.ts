import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'
import {
  isModerator,
  type CommunityMember,
  type MemberRole,
  type ProfileVisibility,
  type TenantDatabase,
  type TenantHandle,
} from '@kindred/community'
import { authorMarks, noMarks, type AuthorMarks } from './author-marks.ts'
import { normalisePseudonym } from './pseudonym.ts'

/** The member looking at the directory, as the tenant knows them now. */
export interface DirectoryViewer {
  tenant: TenantHandle
  member: Pick<CommunityMember, 'memberId' | 'role'>
}

export interface DirectoryQuery extends PageQuery {
  /** Only pseudonyms starting with this, whatever its case. */
  q?: string
}

/** A member as the directory shows them, with the marks that travel with them from the hub. */
export interface DirectoryMember extends AuthorMarks {
  memberId: string
  pseudonym: string
  role: MemberRole
  joinedAt: Date
  /** Whether they are listed and who sees their profile: only for moderators and the member themself. */
  listed?: boolean
  profileVisibility?: ProfileVisibility
}

type Members = ExpressionBuilder<TenantDatabase, 'members'>

const notFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such member')
// The lower-cased pseudonym: unique in a community, so the one key of the directory's order.
const lowerPseudonym = sql<string>`lower(pseudonym)`
const pseudonymKeys = keyset(['text'])

// Who is in the directory at all: approved, still a member, not banned, and joined (a founding member has
// accepted no charter and chosen no pseudonym until they join). Moderators see all of them; other members
// see those who show their profile to members (and, in the list, chose to be listed), and always themselves.
function visibleTo(viewer: DirectoryViewer, scope: 'list' | 'profile') {
  return (eb: Members) => {
    const current = eb.and([
      eb('approval', '=', 'approved'),
      eb('left_at', 'is', null),
      eb('banned_at', 'is', null),
      eb('charter_version', 'is not', null),
    ])
    if (isModerator(viewer.member)) return current
    const shown = [current, eb('profile_visibility', '=', 'members')]
    if (scope === 'list') shown.push(eb('listed_in_directory', '=', true))
    return eb.or([eb('member_id', '=', viewer.member.memberId), eb.and(shown)])
  }
}

function selectMembers(viewer: DirectoryViewer, scope: 'list' | 'profile') {
  return viewer.tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym', 'role', 'joined_at', 'listed_in_directory', 'profile_visibility', lowerPseudonym.as('position')])
    .where(visibleTo(viewer, scope))
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof selectMembers>['executeTakeFirstOrThrow']>>

async function withMarks(hub: Kysely<HubDatabase>, viewer: DirectoryViewer, rows: readonly MemberRow[]): Promise<DirectoryMember[]> {
  const marks = await authorMarks(
    hub,
    rows.map((row) => row.member_id),
  )
  return rows.map((row) => {
    const entry: DirectoryMember = {
      memberId: row.member_id,
      pseudonym: row.pseudonym,
      role: row.role,
      ...(marks.get(row.member_id) ?? noMarks),
      joinedAt: row.joined_at,
    }
    if (!isModerator(viewer.member) && row.member_id !== viewer.member.memberId) return entry
    return { ...entry, listed: row.listed_in_directory, profileVisibility: row.profile_visibility }
  })
}

/**
 * The community's members by pseudonym (case-insensitive), a page at a time (keyset on the lower-cased
 * pseudonym, unique in a community), optionally only those whose pseudonym starts with `q`. Privacy
 * choices decide who is in it: see `visibleTo`. Each member comes with their role badge and their marks
 * from the hub (one hub query for the page).
 *
 * @example const { items, next } = await listMembers(hub, { tenant, member }, { q: 'bo', limit: 20 })
 */
export async function listMembers(
  hub: Kysely<HubDatabase>,
  viewer: DirectoryViewer,
  query: DirectoryQuery,
): Promise<Page<DirectoryMember>> {
  let select = selectMembers(viewer, 'list')
  if (query.q !== undefined) select = select.where(sql<boolean>`starts_with(lower(pseudonym), lower(${normalisePseudonym(query.q)}))`)
  if (query.cursor !== undefined) select = select.where(pseudonymKeys.after([lowerPseudonym], 'asc', pseudonymKeys.decode(query.cursor)))
  const rows = await select
    .orderBy(lowerPseudonym)
    .limit(query.limit + 1)
    .execute()
  const page = toPage(
    rows,
    query.limit,
    (row) => pseudonymKeys.encode([row.position]),
    (row) => row,
  )
  return { items: await withMarks(hub, viewer, page.items), next: page.next }
}

/**
 * One member's profile, if the viewer may see it: a profile shown to moderators only, or someone who is not
 * a current member, is 404 `KINDRED_NOT_FOUND`, exactly as an id nobody has (nothing is revealed).
 *
 * @example const member = await findMember(hub, { tenant, member }, memberId)
 */
export async function findMember(hub: Kysely<HubDatabase>, viewer: DirectoryViewer, memberId: string): Promise<DirectoryMember> {
  const row = await selectMembers(viewer, 'profile').where('member_id', '=', memberId).executeTakeFirst()
  if (row === undefined) throw notFound()
  const [member] = await withMarks(hub, viewer, [row])
  if (member === undefined) throw notFound()
  return member
}

/**
 * Which of `memberIds` have a profile the viewer may open, by the rule of `findMember`: a page links an
 * author's pseudonym to their profile only where the link leads to it, not to "not found". One query.
 *
 * @example const open = await visibleProfiles({ tenant, member }, posts.map((post) => post.author.memberId))
 */
export async function visibleProfiles(viewer: DirectoryViewer, memberIds: readonly string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set()
  const rows = await viewer.tenant.query
    .selectFrom('members')
    .select('member_id')
    .where('member_id', 'in', [...new Set(memberIds)])
    .where(visibleTo(viewer, 'profile'))
    .execute()
  return new Set(rows.map((row) => row.member_id))
}
