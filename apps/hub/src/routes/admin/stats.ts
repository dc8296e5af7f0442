import { Type, type TSchema } from 'typebox'
import {
  chooseMetrics,
  communityMetrics,
  communitySeries,
  incubatorFunnel,
  lastAggregationAt,
  maxRangeDays,
  networkMetrics,
  networkSeries,
  proposalStatuses,
  requestStatisticsRun,
  resolveDayRange,
} from '@kindred/statistics'
import { literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { slugParams } from '../communities/schemas.ts'

const day = Type.String({ format: 'date', description: 'A UTC calendar day, YYYY-MM-DD' })
const rangeFields = {
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (default: the 90 days ending with `to`)' })),
  to: Type.Optional(
    Type.String({ format: 'date', description: `Last day, included (default: today, UTC); at most ${maxRangeDays} days after \`from\`` }),
  ),
}
const metricParameter = <const Metric extends string>(metrics: readonly Metric[]) =>
  Type.Optional(
    Type.Array(literalUnion(metrics), {
      minItems: 1,
      maxItems: 50,
      description: 'Repeat for several (`metric=threads&metric=replies`); all when left out',
    }),
  )

const communityQuery = strictObject({ ...rangeFields, metric: metricParameter(communityMetrics) })
const networkQuery = strictObject({ ...rangeFields, metric: metricParameter(networkMetrics) })
const rangeQuery = strictObject(rangeFields)
const noBody = Type.Union([strictObject({}), Type.Null()])

// A type list rather than anyOf: the serializer writes it directly instead of validating each of the
// thousands of values a long series has against the alternatives.
const value = Type.Unsafe<number | null>({ type: ['integer', 'null'] })
const point = (metrics: readonly string[]) =>
  strictObject({ day, ...Object.fromEntries(metrics.map((metric) => [metric, Type.Optional(value)])) })
const lastAggregatedAt = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
// Bounded by design: the metrics asked for, and a day each of a range of at most maxRangeDays.
const series = <Item extends TSchema>(item: Item) =>
  Type.Array(item, { maxItems: maxRangeDays, description: `A point a day, at most ${maxRangeDays}` })
const seriesFields = (metrics: readonly string[]) => ({
  from: day,
  to: day,
  metrics: Type.Array(literalUnion(metrics), { maxItems: metrics.length }),
  lastAggregatedAt,
  series: series(point(metrics)),
})

const communityResponse = strictObject({
  community: strictObject({
    slug: Type.String(),
    name: Type.String(),
    status: literalUnion(['provisioning', 'live', 'provisioning_failed', 'archived']),
  }),
  completeThrough: Type.Union([day, Type.Null()], { description: 'Every day up to this one has final figures' }),
  ...seriesFields(communityMetrics),
})
const networkResponse = strictObject(seriesFields(networkMetrics))

const incubatorDay = strictObject({
  day,
  proposalsByStatus: strictObject(
    Object.fromEntries(proposalStatuses.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<string, TSchema>,
  ),
  medianDaysToLaunch: Type.Union([Type.Number(), Type.Null()]),
  medianSupportersPerProposal: Type.Union([Type.Number(), Type.Null()]),
})
const incubatorResponse = strictObject({
  from: day,
  to: day,
  lastAggregatedAt,
  latest: Type.Union([incubatorDay, Type.Null()]),
  series: series(incubatorDay),
})

const staffOnly = { tags: ['admin', 'statistics'], security: [{ bearer: [] }] }
const iso = (at: Date | null): string | null => at?.toISOString() ?? null

/** Network staff's exact statistics: series per community and for the network, the incubator funnel, a run on demand. */
export default async function adminStatsRoutes(app: TypeBoxApp): Promise<void> {
  const { db } = app.database

  app.get(
    '/v1/admin/stats/communities/:slug',
    {
      schema: {
        ...staffOnly,
        operationId: 'getCommunityStatistics',
        summary: 'A community’s exact daily figures over a range of days (archived ones too); staff only',
        params: slugParams,
        querystring: communityQuery,
        response: { 200: communityResponse },
      },
    },
    async (request) => {
      const range = resolveDayRange(request.query, new Date())
      const metrics = chooseMetrics(request.query.metric, communityMetrics)
      const [found, at] = await Promise.all([communitySeries(db, { slug: request.params.slug, range, metrics }), lastAggregationAt(db)])
      return { ...found, ...range, metrics, lastAggregatedAt: iso(at) }
    },
  )

  app.get(
    '/v1/admin/stats/network',
    {
      schema: {
        ...staffOnly,
        operationId: 'getNetworkStatistics',
        summary: 'The whole network’s exact daily figures (every community added up) over a range of days; staff only',
        querystring: networkQuery,
        response: { 200: networkResponse },
      },
    },
    async (request) => {
      const range = resolveDayRange(request.query, new Date())
      const metrics = chooseMetrics(request.query.metric, networkMetrics)
      const [series, at] = await Promise.all([networkSeries(db, { range, metrics }), lastAggregationAt(db)])
      return { ...range, metrics, lastAggregatedAt: iso(at), series }
    },
  )

  app.get(
    '/v1/admin/stats/incubator',
    {
      schema: {
        ...staffOnly,
        operationId: 'getIncubatorStatistics',
        summary:
          'The incubator funnel: proposals by status, median days to launch and supporters per proposal, latest and by day; staff only',
        querystring: rangeQuery,
        response: { 200: incubatorResponse },
      },
    },
    async (request) => {
      const range = resolveDayRange(request.query, new Date())
      const [funnel, at] = await Promise.all([incubatorFunnel(db, range), lastAggregationAt(db)])
      return { ...range, lastAggregatedAt: iso(at), ...funnel }
    },
  )

  app.post(
    '/v1/admin/stats/refresh',
    {
      schema: {
        ...staffOnly,
        operationId: 'refreshStatistics',
        summary: 'Queue a full statistics run now (every live community, then the network); staff only',
        body: noBody,
        response: { 202: strictObject({ queued: Type.Literal(true) }) },
      },
    },
    async (request, reply) => {
      await requestStatisticsRun(db)
      return reply.code(202).send({ queued: true })
    },
  )
}
