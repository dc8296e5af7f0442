import { sql, type Kysely, type UpdateObject } from 'kysely'
import type { CommunityAction, CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { communityProvisionJob } from '../jobs/community-provision.ts'
import { staffColumns, type StaffCommunityView } from './views.ts'

export interface StaffQuery {
  status?: CommunityStatus
  /** Only the communities waiting for staff to appoint an owner (or only the others, when false). */
  needsOwner?: boolean
  /** Only the communities whose name or slug contains these characters (any case). */
  search?: string
  /** The last id of the previous page (newest first). */
  after?: string
  limit: number
}

/**
 * Every community for staff, newest first, optionally of one status (such as `provisioning_failed`, with
 * its error), only those waiting for an owner (`needsOwner`), and those whose name or slug contains
 * `search`. Keyset pagination on the id.
 *
 * @example const { communities, next } = await listCommunitiesForStaff(db, { status: 'provisioning_failed', limit: 50 })
 */
export async function listCommunitiesForStaff(
  db: Kysely<HubDatabase>,
  query: StaffQuery,
): Promise<{ communities: StaffCommunityView[]; next: string | null }> {
  let select = db.selectFrom('hub.communities').select(staffColumns)
  if (query.status !== undefined) select = select.where('status', '=', query.status)
  if (query.needsOwner !== undefined) select = select.where('needs_owner_since', query.needsOwner ? 'is not' : 'is', null)
  const search = query.search?.trim()
  if (search !== undefined && search !== '') {
    // LIKE's own characters are searched as themselves.
    const pattern = `%${search.replace(/[\\%_]/gu, (character) => `\\${character}`)}%`
    select = select.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('slug', 'ilike', pattern)]))
  }
  if (query.after !== undefined) select = select.where('id', '<', query.after)
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const communities = rows.slice(0, query.limit)
  return { communities, next: rows.length > query.limit ? (communities.at(-1)?.id ?? null) : null }
}

/** One community as staff see it. @throws KindredError `KINDRED_NOT_FOUND` */
export async function getCommunityForStaff(db: Kysely<HubDatabase>, slug: string): Promise<StaffCommunityView> {
  const row = await db.selectFrom('hub.communities').select(staffColumns).where('slug', '=', slug).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  return row
}

export interface StaffAction {
  slug: string
  /** The staff member acting; null for an operator at the command line. */
  actorId: string | null
  reason?: string
}

interface StatusChange {
  from: CommunityStatus
  to: CommunityStatus
  action: CommunityAction
  set: UpdateObject<HubDatabase, 'hub.communities'>
}

const archive: StatusChange = { from: 'live', to: 'archived', action: 'archive', set: { archived_at: sql<Date>`now()` } }
const restore: StatusChange = { from: 'archived', to: 'live', action: 'restore', set: { archived_at: null } }
const retry: StatusChange = {
  from: 'provisioning_failed',
  to: 'provisioning',
  action: 'provisioning_retry',
  set: { provisioning_error: null },
}

// One conditional update and its audit entry, in the caller's transaction: of two staff acting at once,
// one changes the status and the other gets a 409 naming the status it found.
async function changeStatus(
  trx: Kysely<HubDatabase>,
  action: StaffAction,
  change: StatusChange,
): Promise<{ id: string; proposalId: string | null }> {
  const changed = await trx
    .updateTable('hub.communities')
    .set({ ...change.set, status: change.to })
    .where('slug', '=', action.slug)
    .where('status', '=', change.from)
    .returning(['id', 'proposal_id as proposalId'])
    .executeTakeFirst()
  if (changed === undefined) {
    const current = await getCommunityForStaff(trx, action.slug)
    throw new KindredError(
      'KINDRED_COMMUNITY_STATUS_CONFLICT',
      `The community is ${current.status}; only a ${change.from} community can be moved to ${change.to}`,
    )
  }
  await trx
    .insertInto('hub.community_events')
    .values({ community_id: changed.id, action: change.action, actor_id: action.actorId, reason: action.reason ?? null })
    .execute()
  return changed
}

/**
 * Archives a live community: it leaves the directory and becomes read-only, its card still answers.
 *
 * @example await archiveCommunity(db, { slug: 'fop', actorId: staffId, reason: 'Merged into fop-and-friends' })
 * @throws KindredError `KINDRED_NOT_FOUND`, or `KINDRED_COMMUNITY_STATUS_CONFLICT` when it is not live.
 */
export async function archiveCommunity(db: Kysely<HubDatabase>, action: StaffAction): Promise<StaffCommunityView> {
  await db.transaction().execute((trx) => changeStatus(trx, action, archive))
  return getCommunityForStaff(db, action.slug)
}

/**
 * Brings an archived community back: live and in the directory again.
 *
 * @throws KindredError `KINDRED_NOT_FOUND`, or `KINDRED_COMMUNITY_STATUS_CONFLICT` when it is not archived.
 */
export async function restoreCommunity(db: Kysely<HubDatabase>, action: StaffAction): Promise<StaffCommunityView> {
  await db.transaction().execute((trx) => changeStatus(trx, action, restore))
  return getCommunityForStaff(db, action.slug)
}

/**
 * Tries again to provision a community whose provisioning failed: back to `provisioning`, and the job
 * queued again (same job key and attempts as the approval's), atomically with the status change.
 *
 * @example await retryProvisioning(db, { slug: 'fop', actorId: staffId })
 * @throws KindredError `KINDRED_NOT_FOUND`, or `KINDRED_COMMUNITY_STATUS_CONFLICT` unless it is `provisioning_failed`.
 */
export async function retryProvisioning(db: Kysely<HubDatabase>, action: StaffAction): Promise<StaffCommunityView> {
  await db.transaction().execute(async (trx) => {
    const { proposalId } = await changeStatus(trx, action, retry)
    if (proposalId === null)
      throw new KindredError('KINDRED_COMMUNITY_STATUS_CONFLICT', 'The proposal of this community was deleted; it cannot be provisioned')
    // The job that gave up stays in the queue as a permanent failure; its error is in the community's
    // history now, so it goes, and the proposal keeps a single job.
    await sql`select graphile_worker.remove_job(${communityProvisionJob.jobKey({ proposalId })})`.execute(trx)
    await communityProvisionJob.enqueue(trx, { proposalId })
  })
  return getCommunityForStaff(db, action.slug)
}
