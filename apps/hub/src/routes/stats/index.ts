import { createPublicStatisticsCache } from '@kindred/statistics'
import type { TypeBoxApp } from '../typebox.ts'
import { publicStatisticsQuery, publicStatisticsSchema, publicStatisticsView } from './schemas.ts'

export interface PublicStatsOptions {
  /** Counts from 1 up to this are suppressed (`config.statistics.suppressionThreshold`). */
  suppressionThreshold: number
}

// The figures change once an hour at most: caches and browsers may keep an answer for a minute.
const cacheControl = 'public, max-age=60'

/** The network's public statistics: suppressed counts from the roll-ups, no sign-in. */
export default async function publicStatsRoutes(app: TypeBoxApp, options: PublicStatsOptions): Promise<void> {
  const statistics = createPublicStatisticsCache(app.database.db, { threshold: options.suppressionThreshold })
  app.get(
    '/v1/stats',
    {
      schema: {
        operationId: 'getPublicStatistics',
        security: [],
        summary: 'Network statistics: totals and each live community’s members, activity and threads, small counts suppressed',
        tags: ['statistics'],
        querystring: publicStatisticsQuery,
        response: { 200: publicStatisticsSchema },
      },
    },
    async (request, reply) => {
      const answer = await statistics.current()
      void reply.header('cache-control', cacheControl)
      return publicStatisticsView(answer, request.query)
    },
  )
}
