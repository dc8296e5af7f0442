import { isSmallCount, type PublishedCount } from './suppression.ts'
import type { SeriesPoint, SeriesMetric } from './grouping.ts'
import type { StageFigures } from './incubator-stages.ts'

/** A figure as a view shows it: published (exact for staff), suppressed, or null (no figure: a median of no thread). */
export type ShownValue = PublishedCount | null

// Not counts of people or posts but durations: the public figures publish none of them.
const durations: ReadonlySet<SeriesMetric> = new Set<SeriesMetric>([
  'medianFirstReplySeconds',
  'oldestPendingJoinSeconds',
  'oldestOpenReportSeconds',
  'secondsSinceModeratorAction',
])

/** One row of a series as shown: its period and each metric's value, in the order asked for. */
export interface ShownPoint {
  day: string
  through?: string
  values: ShownValue[]
}

/**
 * A series as staff see it (`threshold` null: every figure exact) or as the public would (each count from 1
 * up to the threshold suppressed, as `isSmallCount` says for GET /v1/stats; durations such as the median
 * time to a first reply, which the public figures never publish, suppressed). A series shows one community (or the network) over time, not the
 * communities side by side, so there is no total to subtract from and no complementary suppression.
 *
 * @example showSeries([{ day: '2025-03-03', threads: 4 }], ['threads'], 10) // [{ day: '2025-03-03', values: [{ suppressed: true }] }]
 */
export function showSeries<Metric extends SeriesMetric>(
  points: ReadonlyArray<SeriesPoint<Metric>>,
  metrics: readonly Metric[],
  threshold: number | null,
): ShownPoint[] {
  return points.map((point) => ({
    day: point.day,
    ...(point.through === undefined ? {} : { through: point.through }),
    values: metrics.map((metric) => shown(point[metric] ?? null, threshold, durations.has(metric))),
  }))
}

function shown(value: number | null, threshold: number | null, duration: boolean): ShownValue {
  if (value === null) return null
  if (threshold === null) return { value }
  return duration || isSmallCount(value, threshold) ? { suppressed: true } : { value }
}

/** A funnel stage as shown: its count, and its median days, suppressed with its count. */
export interface ShownStage {
  stage: StageFigures['stage']
  proposals: PublishedCount
  medianDays: ShownValue
}

/**
 * The funnel as staff see it (`threshold` null) or as the public would: a stage reached by 1 to `threshold`
 * proposals shows neither its count nor its median (a median of a few is nearly one founder's own days).
 *
 * @example showStages([{ stage: 'live', proposals: 3, medianDays: 20 }], 10) // [{ stage: 'live', proposals: { suppressed: true }, medianDays: { suppressed: true } }]
 */
export function showStages(stages: readonly StageFigures[], threshold: number | null): ShownStage[] {
  return stages.map((stage) => {
    const small = threshold !== null && isSmallCount(stage.proposals, threshold)
    const median: ShownValue = stage.medianDays === null ? null : { value: stage.medianDays }
    return {
      stage: stage.stage,
      proposals: small ? { suppressed: true } : { value: stage.proposals },
      medianDays: small && median !== null ? { suppressed: true } : median,
    }
  })
}
