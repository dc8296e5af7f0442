import type { HubDatabase } from '@kindred/db'

type FigureColumn = Exclude<keyof HubDatabase['hub.community_daily_stats'], 'community_id' | 'day' | 'first_reply_seconds' | 'computed_at'>

/**
 * The daily figures staff can ask for, by their API name, with the roll-up column each reads
 * (migrations/hub/0013_statistics.sql). Communities and the network share them; the network adds
 * `communities`.
 */
export const communityMetricColumns = {
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

export const networkMetricColumns = { communities: 'communities', ...communityMetricColumns } as const

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
