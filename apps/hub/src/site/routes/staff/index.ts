import type { IncubatorSettings } from '@kindred/incubator'
import type { HealthAlertSettings } from '@kindred/statistics'
import type { TypeBoxApp } from '../../../routes/typebox.ts'
import { staffOnly } from '../../staff.ts'
import staffChartRoutes from './charts.ts'
import staffAccountRoutes from './accounts.ts'
import staffCharterRoutes from './charter.ts'
import staffCommunityRoutes from './communities.ts'
import staffDashboardRoutes from './dashboard.ts'
import staffProposalRoutes from './proposals.ts'

export interface StaffConsoleOptions {
  /** `config.statistics.suppressionThreshold`: "as the public sees it" suppresses as the public pages do. */
  suppressionThreshold: number
  /** `config.incubator`: the thresholds proposals' support is counted against. */
  incubator: IncubatorSettings
  /** `config.statistics.health`: when the dashboard raises an alert about a community. */
  health: HealthAlertSettings
}

/**
 * The staff console, everything under `/staff`: one onRequest hook for the whole scope, so no page or form
 * can forget it (sign in first; 403 for any account that is not network staff). Each page calls the same
 * packages as the `/v1/admin` routes.
 */
export default async function staffPageRoutes(app: TypeBoxApp, options: StaffConsoleOptions): Promise<void> {
  app.addHook('onRequest', staffOnly(app))
  await app.register(staffDashboardRoutes, { health: options.health })
  await app.register(staffCommunityRoutes)
  await app.register(staffAccountRoutes)
  await app.register(staffCharterRoutes)
  await app.register(staffChartRoutes, { suppressionThreshold: options.suppressionThreshold })
  await app.register(staffProposalRoutes, { incubator: options.incubator })
}
