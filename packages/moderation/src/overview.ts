import { sql } from 'kysely'
import { assertModerator, type CommunityActor } from '@kindred/community'

/** What waits for the community's moderators: the sizes of their two queues. */
export interface ModerationOverview {
  /** Requests to join still waiting for a decision (as `joinRequests` lists them). */
  pendingJoinRequests: number
  /** Reports not resolved yet (as `openReports` lists them). */
  openReports: number
  /** When the oldest open report was filed, or null when none is open: how long someone has waited. */
  oldestOpenReportAt: Date | null
}

/**
 * The moderators' queues at a glance, for moderators and owners (403 for anyone else): counted with the
 * same conditions as `joinRequests` and `openReports`, so the numbers match the lists.
 *
 * @example const { pendingJoinRequests, openReports, oldestOpenReportAt } = await moderationOverview(actor)
 */
export async function moderationOverview(actor: CommunityActor): Promise<ModerationOverview> {
  assertModerator(actor.member)
  const tdb = actor.tenant.query
  const [requests, reports] = await Promise.all([
    tdb
      .selectFrom('members')
      .select(sql<string>`count(*)`.as('count'))
      .where('approval', '=', 'pending')
      .where('left_at', 'is', null)
      .where('banned_at', 'is', null)
      .executeTakeFirstOrThrow(),
    tdb
      .selectFrom('reports')
      .select([sql<string>`count(*)`.as('count'), sql<Date | null>`min(created_at)`.as('oldest')])
      .where('resolved_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return { pendingJoinRequests: Number(requests.count), openReports: Number(reports.count), oldestOpenReportAt: reports.oldest }
}
