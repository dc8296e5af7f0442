// A network of bare communities (hub rows, no tenant: the staff console reads the hub's roll-ups only) with a
// year of daily figures each, as the aggregation job would have written them, and the network's days
// rolled up from them by the job's own code.
import { sql } from 'kysely'
import type { Database } from '@kindred/db'
import { aggregateNetwork } from '@kindred/statistics'
import { completeThrough, insertBareCommunity, insertDaysFigures, type DayFigures } from '@kindred/testkit'
import { inLanes } from '../lanes.ts'

const hour = 3_600_000
const dayMs = 24 * hour
// Every hundredth community failed to provision: it has no figures and raises the dashboard's first alert.
const failedEvery = 100

const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10)

/**
 * One community's figures on one day (`day` days after the first), varied across communities so that the
 * dashboard's sorts have something to order and some communities raise each alert: reports waiting (every
 * 5th), join requests waiting (every 7th), idle moderators (every 11th), no owner (every 50th). Waits start
 * before the day does, so every age is positive.
 */
function figuresOf(community: number, day: number, date: string): DayFigures {
  const start = Date.parse(`${date}T00:00:00Z`)
  const before = (hours: number): string => new Date(start - hours * hour).toISOString()
  const members = 40 + ((community * 37) % 1500) + Math.floor((day * (1 + (community % 4))) / 3)
  const threads = (community * 7 + day) % 5
  const answered = Math.max(0, threads - 1)
  const openReports = community % 5 === 0 ? 1 + (day % 3) : 0
  const pendingJoins = community % 7 === 0 ? 1 + (community % 4) : 0
  const idle = community % 11 === 0
  return {
    members,
    joined: (community + day) % 4,
    active7d: Math.floor(members / 6),
    active30d: Math.floor(members / 3),
    threads,
    replies: threads * 3,
    answered24h: answered,
    firstReplySeconds: Array.from({ length: answered }, (_, index) => 900 * (1 + ((community + day + index) % 8))),
    openReports,
    oldestOpenReportAt: openReports > 0 ? before(1 + (community % 72)) : null,
    pendingJoins,
    oldestPendingJoinAt: pendingJoins > 0 ? before(1 + (community % 96)) : null,
    activeModerators30d: idle ? 0 : 1 + (community % 3),
    lastModeratorActionAt: before(idle ? 45 * 24 : community % 48),
    hasOwner: community % 50 !== 0,
  }
}

/**
 * `communities` bare communities (slugs `staff-bench-0001` …), each live one with figures for the `days`
 * days ending today (today's provisional, as the hourly run leaves it) and complete through yesterday; then
 * the network's and the incubator's days. Returns the live communities' slugs and the first day.
 */
export async function seedFigures(
  database: Database,
  options: { communities: number; days: number; lanes: number },
): Promise<{ slugs: string[]; from: string; to: string }> {
  const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`)
  const dates = Array.from({ length: options.days }, (_, day) => dayOf(today - (options.days - 1 - day) * dayMs))
  const hub = { database }
  const slugs: string[] = []
  const indexes = Array.from({ length: options.communities }, (_, community) => community)
  await inLanes(indexes, options.lanes, async (community) => {
    const slug = `staff-bench-${String(community + 1).padStart(4, '0')}`
    if (community % failedEvery === failedEvery - 1) {
      await insertBareCommunity(hub, slug, 'provisioning_failed')
      return
    }
    const id = await insertBareCommunity(hub, slug)
    await insertDaysFigures(
      hub,
      id,
      dates.map((date, day) => ({ date, figures: figuresOf(community, day, date) })),
    )
    await completeThrough(hub, id, dayOf(today - dayMs))
    slugs.push(slug)
  })
  const [from = dayOf(today)] = dates
  await aggregateNetwork({ db: database.db }, from)
  // The planner's statistics of a hub that has run for a year, not of tables autovacuum has yet to visit
  // (its first pass would land in the middle of a measurement).
  await sql`vacuum analyze hub.communities, hub.community_daily_stats, hub.stats_progress, hub.network_daily_stats`.execute(database.db)
  return { slugs: slugs.sort(), from, to: dayOf(today) }
}
