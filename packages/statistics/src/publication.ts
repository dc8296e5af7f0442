import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Day } from './days.ts'

// Days a "12 months" period covers, ending with the published day.
export const yearDays = 365

/**
 * Publishes the latest day that every live community that was live on it has finished (its
 * `stats_progress.complete_through` reached it), if it is later than the last day published: records the
 * day, then each live community with its slug, name, figures of the day and sums over the 365 days ending
 * with it, as they stand. A community that went live after the day does not hold it back and is listed
 * without figures for it. A published day is never written again, so GET /v1/stats can never show one
 * day twice with different figures or communities, which subtraction would turn into a suppressed count.
 * Returns the day published, or null when no new day is ready. Runs in the caller's transaction (the
 * network roll-up's), else in one of its own; concurrent calls wait for each other.
 *
 * @example await publishStatistics(trx) // '2025-03-01'
 */
export async function publishStatistics(db: Kysely<HubDatabase>): Promise<Day | null> {
  if (!db.isTransaction) return db.transaction().execute((trx) => publishStatistics(trx))
  // Share row exclusive conflicts with itself only (and with writers): readers of the publications go on.
  await sql`lock table hub.stats_publications in share row exclusive mode`.execute(db)
  // One statement, so the communities it checks are the ones it records. A live community allows every
  // day up to its complete_through, and every day before the one it went live on; the day published is
  // the latest allowed by all, if some community has finished figures for it.
  const result = await sql<{ day: Day }>`
    with live as (
      select c.id, c.slug, c.name, p.complete_through,
             (coalesce(c.live_at, c.created_at) at time zone 'UTC')::date as live_day
      from hub.communities as c left join hub.stats_progress as p on p.community_id = c.id
      where c.status = 'live'
    ),
    ready as (
      select least(max(complete_through), min(greatest(complete_through, live_day - 1))) as day from live
    ),
    publication as (
      insert into hub.stats_publications (day)
      select ready.day from ready
      where ready.day > coalesce((select max(day) from hub.stats_publications), '-infinity'::date)
        -- A day before any community had figures would publish nothing but names.
        and exists (select 1 from live join hub.community_daily_stats as s on s.community_id = live.id
                    where s.day = ready.day and s.day <= live.complete_through)
      returning day
    )
    insert into hub.stats_publication_figures (day, community_id, slug, name, members_total, active_members_30d, threads,
      year_days, year_members_joined, year_threads)
    select publication.day, live.id, live.slug, live.name, latest.members_total, latest.active_members_30d, latest.threads,
           year.days, year.members_joined, year.threads
    from publication
    cross join live
    left join hub.community_daily_stats as latest
      on latest.community_id = live.id and latest.day = publication.day and latest.day <= live.complete_through
    cross join lateral (
      select count(*)::int as days, coalesce(sum(s.threads), 0)::int as threads, coalesce(sum(s.members_joined), 0)::int as members_joined
      from hub.community_daily_stats as s
      where s.community_id = live.id and s.day > publication.day - ${yearDays}::int and s.day <= publication.day
        and s.day <= live.complete_through
    ) as year
    returning day::text as day`.execute(db)
  return result.rows[0]?.day ?? null
}
