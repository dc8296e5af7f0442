import type { Config } from '@kindred/config'

/**
 * What the incubator needs from the configuration (`config.incubator`): the support each prevalence class
 * needs (`PROPOSAL_THRESHOLDS`) and the days a proposal has to gather it (`PROPOSAL_SUPPORT_WINDOW_DAYS`).
 */
export type IncubatorSettings = Config['incubator']

const dayMs = 24 * 60 * 60_000

/** When a support window opened at `from` closes. */
export function supportWindowEnd(settings: IncubatorSettings, from: Date = new Date()): Date {
  return new Date(from.getTime() + settings.supportWindowDays * dayMs)
}
