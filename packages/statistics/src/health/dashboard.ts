import { sql, type Kysely } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { HubDatabase } from '@kindred/db'
import { expiringProposals, type ExpiringProposal } from '@kindred/incubator'
import { freshnessMarks, freshnessOf, type StatisticsFreshness } from '../freshness.ts'
import {
  alerted,
  healthLines,
  matching,
  pageAsked,
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

/** How many alerted communities and expiring proposals the dashboard lists. */
export const dashboardAlertsListed = 50

/**
 * The network health dashboard: the table page asked for (filtered, sorted by any column with empty figures
 * last and the slug breaking ties, cut in pages by offset: a thousand lines sorted by computed columns have
 * no index a keyset could follow), every alert (communities in trouble, most alerts first; proposals about
 * to expire within the founders' reminder window) and the figures' freshness. One statement computing
 * every community's line once: it is the console's most visited page, and its round trips and lines cost
 * more than its rows. `/staff` and `GET /v1/admin/health` both serve this.
 *
 * @example const dashboard = await healthDashboard(db, { onlyAlerts: true }, config.statistics.health)
 */
export async function healthDashboard(
  db: Kysely<HubDatabase>,
  query: HealthQuery,
  settings: HealthAlertSettings,
  now: Date = new Date(),
): Promise<HealthDashboard> {
  const asked = pageAsked(query)
  const found = await db
    .with(
      (cte) => cte('health').materialized(),
      (creator) => creator.selectFrom(healthLines(settings, now).as('line')).selectAll(),
    )
    .with('matching', (creator) => creator.selectFrom('health').selectAll().where(matching(query)))
    .selectFrom(freshnessMarks(null).as('marks'))
    .selectAll('marks')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('matching')
          .selectAll()
          .orderBy(sql`${sql.ref(asked.sort)} ${sql.raw(asked.direction)} nulls last`)
          .orderBy('slug')
          .limit(asked.pageSize)
          .offset((asked.page - 1) * asked.pageSize),
      ).as('rows'),
      eb
        .selectFrom('matching')
        .select(sql<number>`count(*)::int`.as('total'))
        .as('total'),
      jsonArrayFrom(
        eb
          .selectFrom('health')
          .select(['slug', 'name', 'alerts', 'oldestReportSeconds', 'oldestJoinSeconds', 'lastModeratorActionSeconds'])
          .where(alerted)
          .orderBy(sql`cardinality(alerts) desc`)
          .orderBy('slug')
          .limit(dashboardAlertsListed),
      ).as('alerted'),
      eb
        .selectFrom('health')
        .select(sql<number>`count(*)::int`.as('total'))
        .where(alerted)
        .as('alertedTotal'),
      sql<string[]>`array(select distinct placement from health order by placement)`.as('placements'),
      jsonArrayFrom(expiringProposals(db, now, dashboardAlertsListed)).as('expiring'),
    ])
    .executeTakeFirstOrThrow()
  return {
    table: { ...asked, rows: found.rows, total: found.total ?? 0, placements: found.placements },
    alerts: {
      communities: found.alerted,
      total: found.alertedTotal ?? 0,
      expiringProposals: found.expiring.map((proposal) => ({ ...proposal, expiresAt: new Date(proposal.expiresAt) })),
    },
    settings,
    freshness: freshnessOf(found),
  }
}
