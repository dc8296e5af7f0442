import { sql, type RawBuilder } from 'kysely'
import type { CommunityStatus } from '@kindred/db'

/** When a community's row raises an alert (`config.statistics.health`, KINDRED_HEALTH_…). */
export interface HealthAlertSettings {
  moderatorIdleDays: number
  reportWaitHours: number
  joinWaitHours: number
}

/** What can be wrong with a community, worst first. */
export const communityAlerts = ['provisioning_failed', 'no_owner', 'report_waiting', 'join_waiting', 'moderators_idle'] as const
export type CommunityAlert = (typeof communityAlerts)[number]

/** One community's line of the dashboard; ages in seconds at `now`, null when nothing waits. */
export interface CommunityHealth {
  slug: string
  name: string
  status: CommunityStatus
  placement: string
  /** The day of the figures shown (the latest written, today's being provisional); null: never aggregated. */
  figuresDay: string | null
  members: number | null
  activeMembers7d: number | null
  activeMembers30d: number | null
  /** Threads opened and replies posted in the 30 days ending with the community's last complete day. */
  threads: number | null
  replies: number | null
  /** Of those threads, the share another member answered within 24 hours (0 to 1); null without threads. */
  answeredShare: number | null
  medianFirstReplySeconds: number | null
  openReports: number | null
  oldestReportSeconds: number | null
  pendingJoins: number | null
  oldestJoinSeconds: number | null
  activeModerators30d: number | null
  lastModeratorActionSeconds: number | null
  hasOwner: boolean | null
  alerts: CommunityAlert[]
}

/** The columns the table sorts by, each an output column of the query. */
export const healthSortColumns = [
  'name',
  'members',
  'activeMembers7d',
  'activeMembers30d',
  'threads',
  'replies',
  'answeredShare',
  'medianFirstReplySeconds',
  'openReports',
  'oldestReportSeconds',
  'pendingJoins',
  'oldestJoinSeconds',
  'activeModerators30d',
  'lastModeratorActionSeconds',
  'hasOwner',
  'placement',
  'status',
] as const satisfies ReadonlyArray<keyof CommunityHealth>
export type HealthSortColumn = (typeof healthSortColumns)[number]

export interface HealthQuery {
  /** Part of the name or slug, any case. */
  text?: string
  status?: CommunityStatus
  placement?: string
  onlyAlerts?: boolean
  sort?: HealthSortColumn
  direction?: 'asc' | 'desc'
  /** 1-based. */
  page?: number
  pageSize?: number
}

export interface HealthPage {
  rows: CommunityHealth[]
  /** Communities matching the filters, over every page. */
  total: number
  page: number
  pageSize: number
  sort: HealthSortColumn
  direction: 'asc' | 'desc'
  /** The placements communities live on, for the filter. */
  placements: string[]
}

export const defaultHealthPageSize = 50
export const maxHealthPageSize = 200

/** The page, sort and page size a query asks for, within bounds. */
export function pageAsked(query: HealthQuery): Pick<HealthPage, 'page' | 'pageSize' | 'sort' | 'direction'> {
  return {
    sort: query.sort ?? 'name',
    direction: query.direction ?? 'asc',
    pageSize: Math.min(Math.max(query.pageSize ?? defaultHealthPageSize, 1), maxHealthPageSize),
    page: Math.max(query.page ?? 1, 1),
  }
}

/**
 * Every community with its dashboard line (hub/0030: its latest roll-up row and its 30 complete days, kept
 * by the statistics run): one narrow row a community, read whole and sorted by any column. Reads the hub's
 * roll-ups only, never a tenant.
 */
export function healthLines(settings: HealthAlertSettings, now: Date): RawBuilder<CommunityHealth> {
  const seconds = (column: string) => sql`round(extract(epoch from ${now}::timestamptz - ${sql.ref(column)}))::int`
  return sql<CommunityHealth>`(
    select c.slug, c.name, c.status, c.placement,
           line.figures_day::text as "figuresDay",
           line.members,
           line.active_members_7d as "activeMembers7d",
           line.active_members_30d as "activeMembers30d",
           line.threads, line.replies,
           line.answered_share as "answeredShare",
           line.median_first_reply_seconds as "medianFirstReplySeconds",
           line.open_reports as "openReports",
           ${seconds('line.oldest_open_report_at')} as "oldestReportSeconds",
           line.pending_joins as "pendingJoins",
           ${seconds('line.oldest_pending_join_at')} as "oldestJoinSeconds",
           line.active_moderators_30d as "activeModerators30d",
           ${seconds('line.last_moderator_action_at')} as "lastModeratorActionSeconds",
           case when c.needs_owner_since is not null then false else line.has_owner end as "hasOwner",
           array_remove(array[
             case when c.status = 'provisioning_failed' then 'provisioning_failed' end,
             case when c.status = 'live' and (c.needs_owner_since is not null or line.has_owner = false) then 'no_owner' end,
             case when c.status = 'live' and line.oldest_open_report_at
               < ${now}::timestamptz - make_interval(hours => ${settings.reportWaitHours}::int) then 'report_waiting' end,
             case when c.status = 'live' and line.oldest_pending_join_at
               < ${now}::timestamptz - make_interval(hours => ${settings.joinWaitHours}::int) then 'join_waiting' end,
             case when c.status = 'live' and coalesce(line.last_moderator_action_at, c.created_at)
               < ${now}::timestamptz - make_interval(days => ${settings.moderatorIdleDays}::int) then 'moderators_idle' end
           ], null) as alerts
    from hub.communities as c
    left join hub.community_health_lines as line on line.community_id = c.id
  )`
}

/** A line with an alert. */
export const alerted: RawBuilder<boolean> = sql<boolean>`cardinality(alerts) > 0`

/** The lines the query's filters keep: a condition on `healthLines`' columns. */
export function matching(query: HealthQuery): RawBuilder<boolean> {
  const conditions: Array<RawBuilder<boolean>> = [sql<boolean>`true`]
  const text = query.text?.trim()
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
    conditions.push(sql<boolean>`(name ilike ${pattern} or slug ilike ${pattern})`)
  }
  if (query.status !== undefined) conditions.push(sql<boolean>`status = ${query.status}`)
  if (query.placement !== undefined) conditions.push(sql<boolean>`placement = ${query.placement}`)
  if (query.onlyAlerts === true) conditions.push(alerted)
  return sql.join<boolean>(conditions, sql` and `)
}

/** A community the dashboard warns about, with what is wrong. */
export interface AlertedCommunity {
  slug: string
  name: string
  alerts: CommunityAlert[]
  oldestReportSeconds: number | null
  oldestJoinSeconds: number | null
  lastModeratorActionSeconds: number | null
}
