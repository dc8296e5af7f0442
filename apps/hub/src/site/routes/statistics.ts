import { createPublicStatisticsCache } from '@kindred/statistics'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { statisticsPage } from '../pages/statistics.ts'
import { pageResponse } from '../schemas.ts'

export interface StatisticsPageOptions {
  /** Counts from 1 up to this are suppressed: the API's threshold (`config.statistics.suppressionThreshold`). */
  suppressionThreshold: number
}

/** The network's public statistics as a page: the figures `GET /v1/stats` serves, from the same package. */
export default async function statisticsRoutes(app: TypeBoxApp, options: StatisticsPageOptions): Promise<void> {
  const statistics = createPublicStatisticsCache(app.database.db, { threshold: options.suppressionThreshold })
  app.get('/statistics', { schema: { hide: true, response: { 200: pageResponse } } }, async (request) =>
    statisticsPage(request.page(), await statistics.current()),
  )
}
