import type { CommunityStatus } from '@kindred/db'
import type { TestHub } from './hub.ts'

/** What the helpers need of a hub: its database (a test's hub, or a benchmark's). */
type FiguresHub = Pick<TestHub, 'database'>

/**
 * A community row with no tenant behind it, for tests of figures and staff views that read the hub's
 * roll-ups only (no provisioning job, which takes a second).
 */
export async function insertBareCommunity(hub: FiguresHub, slug: string, status: CommunityStatus = 'live'): Promise<string> {
  const row = await hub.database.db
    .insertInto('hub.communities')
    .values({
      slug,
      name: `Community ${slug}`,
      disease_name: `Disease ${slug}`,
      disease_key: `disease ${slug}`,
      languages: ['en'],
      description: slug,
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface DayFigures {
  members?: number
  joined?: number
  active7d?: number
  active30d?: number
  threads?: number
  replies?: number
  /** At most `threads`. */
  answered24h?: number
  firstReplySeconds?: number[]
  openReports?: number
  /** The health figures (migrations/hub/0027); times as ISO strings. */
  pendingJoins?: number
  oldestPendingJoinAt?: string | null
  oldestOpenReportAt?: string | null
  activeModerators30d?: number
  lastModeratorActionAt?: string | null
  hasOwner?: boolean
}

/** A community's roll-up of one day, as the aggregation job writes it; figures not named are 0 (or none). */
export async function insertDayFigures(hub: FiguresHub, communityId: string, date: string, figures: DayFigures): Promise<void> {
  await insertDaysFigures(hub, communityId, [{ date, figures }])
}

/** Several days of a community's roll-ups in one statement (a year of them in a benchmark's setup). */
export async function insertDaysFigures(
  hub: FiguresHub,
  communityId: string,
  days: ReadonlyArray<{ date: string; figures: DayFigures }>,
): Promise<void> {
  await hub.database.db
    .insertInto('hub.community_daily_stats')
    .values(
      days.map(({ date, figures }) => ({
        community_id: communityId,
        day: date,
        members_total: figures.members ?? 0,
        members_joined: figures.joined ?? 0,
        members_left: 0,
        active_members_7d: figures.active7d ?? 0,
        active_members_30d: figures.active30d ?? 0,
        threads: figures.threads ?? 0,
        replies: figures.replies ?? 0,
        reactions: 0,
        open_reports: figures.openReports ?? 0,
        threads_answered_24h: figures.answered24h ?? 0,
        first_reply_seconds: figures.firstReplySeconds ?? [],
        median_first_reply_seconds: null,
        pending_joins: figures.pendingJoins ?? 0,
        oldest_pending_join_at: figures.oldestPendingJoinAt ?? null,
        oldest_open_report_at: figures.oldestOpenReportAt ?? null,
        active_moderators_30d: figures.activeModerators30d ?? 0,
        last_moderator_action_at: figures.lastModeratorActionAt ?? null,
        has_owner: figures.hasOwner ?? true,
      })),
    )
    .execute()
}

/** Records the community's aggregation as done up to `date`, as the job does after its last day. */
export async function completeThrough(hub: FiguresHub, communityId: string, date: string): Promise<void> {
  await hub.database.db.insertInto('hub.stats_progress').values({ community_id: communityId, complete_through: date }).execute()
}

/** A live community whose only figures are those of `date` (complete up to then). */
export async function communityWithFigures(hub: FiguresHub, slug: string, date: string, figures: DayFigures): Promise<string> {
  const id = await insertBareCommunity(hub, slug)
  await insertDayFigures(hub, id, date, figures)
  await completeThrough(hub, id, date)
  return id
}
