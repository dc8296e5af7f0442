import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { expiringProposals, type ExpiringProposal } from '@kindred/incubator'
import { statisticsFreshness, type StatisticsFreshness } from '../freshness.ts'
import {
  healthAlerts,
  networkHealth,
  type AlertedCommunity,
  type HealthAlertSettings,
  type HealthPage,
  type HealthQuery,
} from './network-health.ts'

/** Everything the first page of the staff console shows, as the API answers it too. */
export interface HealthDashboard {
  table: HealthPage
  alerts: { communities: AlertedCommunity[]; total: number; expiringProposals: ExpiringProposal[] }
  settings: HealthAlertSettings
  /** When figures were last written and the last day final in every live community. */
  freshness: StatisticsFreshness
}

/**
 * The network health dashboard: the table page asked for, every alert (communities in trouble, proposals
 * about to expire within the founders' reminder window) and the figures' freshness. `/staff` and
 * `GET /v1/admin/health` both serve this.
 *
 * @example const dashboard = await healthDashboard(db, { onlyAlerts: true }, config.statistics.health)
 */
export async function healthDashboard(
  db: Kysely<HubDatabase>,
  query: HealthQuery,
  settings: HealthAlertSettings,
  now: Date = new Date(),
): Promise<HealthDashboard> {
  const [table, communities, proposals, freshness] = await Promise.all([
    networkHealth(db, query, settings, now),
    healthAlerts(db, settings, { now }),
    expiringProposals(db, now),
    statisticsFreshness(db, null),
  ])
  return { table, alerts: { ...communities, expiringProposals: proposals }, settings, freshness }
}
