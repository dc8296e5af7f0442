import type { CommunityStatus } from '@kindred/db'
import type { TestHub } from './hub.ts'

/**
 * A community row with no tenant behind it, for tests of figures and staff views that read the hub's
 * roll-ups only (no provisioning job, which takes a second).
 */
export async function insertBareCommunity(hub: TestHub, slug: string, status: CommunityStatus = 'live'): Promise<string> {
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
  active30d?: number
  threads?: number
}

/** A community's roll-up of one day, as the aggregation job writes it; figures not named are 0. */
export async function insertDayFigures(hub: TestHub, communityId: string, date: string, figures: DayFigures): Promise<void> {
  await hub.database.db
    .insertInto('hub.community_daily_stats')
    .values({
      community_id: communityId,
      day: date,
      members_total: figures.members ?? 0,
      members_joined: figures.joined ?? 0,
      members_left: 0,
      active_members_7d: 0,
      active_members_30d: figures.active30d ?? 0,
      threads: figures.threads ?? 0,
      replies: 0,
      reactions: 0,
      open_reports: 0,
      threads_answered_24h: 0,
      median_first_reply_seconds: null,
    })
    .execute()
}

/** Records the community's aggregation as done up to `date`, as the job does after its last day. */
export async function completeThrough(hub: TestHub, communityId: string, date: string): Promise<void> {
  await hub.database.db.insertInto('hub.stats_progress').values({ community_id: communityId, complete_through: date }).execute()
}

/** A live community whose only figures are those of `date` (complete up to then). */
export async function communityWithFigures(hub: TestHub, slug: string, date: string, figures: DayFigures): Promise<string> {
  const id = await insertBareCommunity(hub, slug)
  await insertDayFigures(hub, id, date, figures)
  await completeThrough(hub, id, date)
  return id
}
