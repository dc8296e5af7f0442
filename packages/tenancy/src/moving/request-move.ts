import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { communityMoveJob } from '../jobs/community-move.ts'
import { getCommunityForStaff } from '../registry/staff.ts'
import type { StaffCommunityView } from '../registry/views.ts'

export interface MoveRequest {
  slug: string
  placement: string
  /** The staff member asking; null for an operator. */
  actorId: string | null
}

/**
 * Queues the move of a live or archived community to another placement (the `community__move` job, run
 * by a worker): staff's way to move one, where the operator's is `communities:move`.
 *
 * @example await requestMove(db, placements, { slug: 'fop', placement: 'eu-2', actorId: staffId })
 * @throws KindredError `KINDRED_NOT_FOUND` (community or placement), `KINDRED_COMMUNITY_STATUS_CONFLICT`
 *   (not live or archived), `KINDRED_CONFLICT` (already on that placement)
 */
export async function requestMove(
  db: Kysely<HubDatabase>,
  placements: { has(name: string): boolean },
  request: MoveRequest,
): Promise<StaffCommunityView> {
  if (!placements.has(request.placement)) throw new KindredError('KINDRED_NOT_FOUND', `No placement named "${request.placement}"`)
  const community = await getCommunityForStaff(db, request.slug)
  if (community.status !== 'live' && community.status !== 'archived')
    throw new KindredError(
      'KINDRED_COMMUNITY_STATUS_CONFLICT',
      `The community is ${community.status}; only a live or archived one can be moved`,
    )
  if (community.placement === request.placement)
    throw new KindredError('KINDRED_CONFLICT', `The community is already on ${request.placement}`)
  await communityMoveJob.enqueue(db, { slug: request.slug, placement: request.placement, actorId: request.actorId })
  return community
}
