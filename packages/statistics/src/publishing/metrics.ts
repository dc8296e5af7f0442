import { sql, type RawBuilder } from 'kysely'
import type { HubDatabase } from '@kindred/db'

type FigureColumn = Exclude<keyof HubDatabase['hub.community_daily_stats'], 'community_id' | 'day' | 'first_reply_seconds' | 'computed_at'>

/**
 * The daily figures staff can ask for, by their API name, with the roll-up column each reads
 * (migrations/hub/0013_statistics.sql). Communities and the network share them; the network adds
 * `communities`, a community the health figures of migrations/hub/0027.
 */
const sharedMetricColumns = {
  membersTotal: 'members_total',
  membersJoined: 'members_joined',
  membersLeft: 'members_left',
  activeMembers7d: 'active_members_7d',
  activeMembers30d: 'active_members_30d',
  threads: 'threads',
  replies: 'replies',
  reactions: 'reactions',
  openReports: 'open_reports',
  threadsAnswered24h: 'threads_answered_24h',
  medianFirstReplySeconds: 'median_first_reply_seconds',
} as const satisfies Record<string, FigureColumn>

// How long the oldest item had waited at the day's end, or when its figures were computed if that was earlier
// (today's provisional row): the roll-up keeps the moment it started waiting.
const secondsAtDayEnd = (column: FigureColumn): RawBuilder<number | null> =>
  sql<number | null>`round(extract(epoch from least((day + 1)::timestamp at time zone 'UTC', computed_at) - ${sql.ref(column)}))::int`

/** A community's metrics: the shared ones and the health figures, some read through an expression. */
export const communityMetricColumns = {
  ...sharedMetricColumns,
  pendingJoins: 'pending_joins',
  oldestPendingJoinSeconds: secondsAtDayEnd('oldest_pending_join_at'),
  oldestOpenReportSeconds: secondsAtDayEnd('oldest_open_report_at'),
  activeModerators30d: 'active_moderators_30d',
  secondsSinceModeratorAction: secondsAtDayEnd('last_moderator_action_at'),
  hasOwner: sql<number>`has_owner::int`,
} as const satisfies Record<string, FigureColumn | RawBuilder<number | null>>

/** The network's: the same, summed or taken over every community; `hasOwner` counts the communities with one. */
export const networkMetricColumns = {
  communities: 'communities',
  ...communityMetricColumns,
  hasOwner: sql<number>`communities_with_owner`,
} as const

export type CommunityMetric = keyof typeof communityMetricColumns
export type NetworkMetric = keyof typeof networkMetricColumns

/** Every metric of a community's series, in the order answers list them. */
export const communityMetrics = Object.keys(communityMetricColumns) as CommunityMetric[]

/** Every metric of the network's series, in the order answers list them. */
export const networkMetrics = Object.keys(networkMetricColumns) as NetworkMetric[]

/**
 * The metrics asked for, in the canonical order and each once; all of them when none is named.
 *
 * @example chooseMetrics(['threads', 'membersTotal', 'threads'], communityMetrics) // ['membersTotal', 'threads']
 */
export function chooseMetrics<Metric extends string>(asked: readonly Metric[] | undefined, all: readonly Metric[]): Metric[] {
  if (asked === undefined || asked.length === 0) return [...all]
  const wanted = new Set(asked)
  return all.filter((metric) => wanted.has(metric))
}
