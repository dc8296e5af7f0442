export type { StatisticsDependencies } from './dependencies.ts'
export { aggregateCommunity, type CommunityRun, type CommunityRunOptions } from './community-run.ts'
export { aggregateNetwork } from './network-run.ts'
export { publishStatistics } from './publication.ts'
export { backfillStatistics, type BackfillOptions, type BackfillProgress, type BackfillResult, type BackfillFailure } from './backfill.ts'
export { statsAggregateJob, requestStatisticsRun } from './jobs/stats-aggregate.ts'
export { statsCommunityJob } from './jobs/stats-community.ts'
export { statsNetworkJob } from './jobs/stats-network.ts'
export { lastAggregationAt } from './last-aggregation.ts'
export { recordStatisticsRun, statisticsRunProgress, type StatisticsRun, type StatisticsRunProgress } from './runs.ts'
export { isDay, type Day } from './days.ts'
export {
  suppressGroup,
  isSmallCount,
  describeSuppressionRule,
  defaultSuppressionThreshold,
  type PublishedCount,
  type SuppressedGroup,
} from './publishing/suppression.ts'
export {
  publicStatistics,
  type PublicStatistics,
  type PublicCommunityFigures,
  type LatestDayFigures,
  type TwelveMonthFigures,
} from './publishing/public-statistics.ts'
export { createPublicStatisticsCache, type PublicStatisticsCache } from './publishing/public-statistics-cache.ts'
export { resolveDayRange, daysIn, defaultRangeDays, maxRangeDays, type DayRange } from './publishing/date-range.ts'
export {
  chooseMetrics,
  communityMetrics,
  networkMetrics,
  communityMetricColumns,
  networkMetricColumns,
  type CommunityMetric,
  type NetworkMetric,
} from './publishing/metrics.ts'
export { groupedCommunitySeries, groupedNetworkSeries, type CommunitySeries, type NetworkSeries } from './publishing/time-series.ts'
export { incubatorFunnel, proposalStatuses, type IncubatorFunnel, type IncubatorDay } from './publishing/incubator-funnel.ts'
export {
  groupings,
  metricAggregation,
  type Grouping,
  type Aggregation,
  type SeriesPoint,
  type SeriesMetric,
} from './publishing/grouping.ts'
export { incubatorStages, funnelStages, type FunnelStage, type StageFigures } from './publishing/incubator-stages.ts'
export { showSeries, showStages, type ShownValue, type ShownPoint, type ShownStage } from './publishing/public-view.ts'
export { statisticsFreshness, type StatisticsFreshness } from './freshness.ts'
export {
  healthSortColumns,
  communityAlerts,
  defaultHealthPageSize,
  maxHealthPageSize,
  type HealthAlertSettings,
  type CommunityAlert,
  type CommunityHealth,
  type HealthSortColumn,
  type HealthQuery,
  type HealthPage,
  type AlertedCommunity,
} from './health/network-health.ts'
export { healthDashboard, dashboardAlertsListed, type HealthDashboard } from './health/dashboard.ts'
