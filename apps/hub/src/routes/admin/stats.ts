import type { FastifyInstance } from 'fastify'
import { Type, type Static, type TSchema } from 'typebox'
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
import { slugParams } from '../communities/schemas.ts'

const day = Type.String({ format: 'date', description: 'A UTC calendar day, YYYY-MM-DD' })
const rangeFields = {
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (default: the 90 days ending with `to`)' })),
  to: Type.Optional(Type.String({ format: 'date', description: `Last day, included (default: today, UTC); at most ${maxRangeDays} days after \`from\`` })),
}
const literals = <const Value extends string>(values: readonly Value[]) => Type.Union(values.map((value) => Type.Literal(value)))
const metricParameter = <const Metric extends string>(metrics: readonly Metric[]) =>
  Type.Optional(Type.Array(literals(metrics), { minItems: 1, maxItems: 50, description: 'Repeat for several (`metric=threads&metric=replies`); all when left out' }))

const communityQuery = Type.Object({ ...rangeFields, metric: metricParameter(communityMetrics) }, { additionalProperties: false })
const networkQuery = Type.Object({ ...rangeFields, metric: metricParameter(networkMetrics) }, { additionalProperties: false })
const rangeQuery = Type.Object(rangeFields, { additionalProperties: false })
const noBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])

// A type list rather than anyOf: the serializer writes it directly instead of validating each of the
// thousands of values a long series has against the alternatives.
const value = Type.Unsafe<number | null>({ type: ['integer', 'null'] })
const point = (metrics: readonly string[]) =>
  Type.Object({ day, ...Object.fromEntries(metrics.map((metric) => [metric, Type.Optional(value)])) }, { additionalProperties: false })
const lastAggregatedAt = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
// Bounded by design: the metrics asked for, and a day each of a range of at most maxRangeDays.
const series = <Item extends TSchema>(item: Item) => Type.Array(item, { maxItems: maxRangeDays, description: `A point a day, at most ${maxRangeDays}` })
const seriesFields = (metrics: readonly string[]) => ({
  from: day,
  to: day,
  metrics: Type.Array(literals(metrics), { maxItems: metrics.length }),
  lastAggregatedAt,
  series: series(point(metrics)),
})

const communityResponse = Type.Object(
  {
    community: Type.Object(
      { slug: Type.String(), name: Type.String(), status: literals(['provisioning', 'live', 'provisioning_failed', 'archived']) },
      { additionalProperties: false },
    ),
    completeThrough: Type.Union([day, Type.Null()], { description: 'Every day up to this one has final figures' }),
    ...seriesFields(communityMetrics),
  },
  { additionalProperties: false },
)
const networkResponse = Type.Object(seriesFields(networkMetrics), { additionalProperties: false })

const incubatorDay = Type.Object(
  {
    day,
    proposalsByStatus: Type.Object(Object.fromEntries(proposalStatuses.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<string, TSchema>, {
      additionalProperties: false,
    }),
    medianDaysToLaunch: Type.Union([Type.Number(), Type.Null()]),
    medianSupportersPerProposal: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
)
const incubatorResponse = Type.Object(
  { from: day, to: day, lastAggregatedAt, latest: Type.Union([incubatorDay, Type.Null()]), series: series(incubatorDay) },
  { additionalProperties: false },
)

const staffOnly = { tags: ['admin', 'statistics'], security: [{ bearer: [] }] }
const iso = (at: Date | null): string | null => at?.toISOString() ?? null

/** Network staff's exact statistics: series per community and for the network, the incubator funnel, a run on demand. */
export default async function adminStatsRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.database

  app.get<{ Params: Static<typeof slugParams>; Querystring: Static<typeof communityQuery> }>(
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
      await request.currentStaffId()
      const range = resolveDayRange(request.query, new Date())
      const metrics = chooseMetrics(request.query.metric, communityMetrics)
      const [found, at] = await Promise.all([communitySeries(db, { slug: request.params.slug, range, metrics }), lastAggregationAt(db)])
      return { ...found, ...range, metrics, lastAggregatedAt: iso(at) }
    },
  )

  app.get<{ Querystring: Static<typeof networkQuery> }>(
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
      await request.currentStaffId()
      const range = resolveDayRange(request.query, new Date())
      const metrics = chooseMetrics(request.query.metric, networkMetrics)
      const [series, at] = await Promise.all([networkSeries(db, { range, metrics }), lastAggregationAt(db)])
      return { ...range, metrics, lastAggregatedAt: iso(at), series }
    },
  )

  app.get<{ Querystring: Static<typeof rangeQuery> }>(
    '/v1/admin/stats/incubator',
    {
      schema: {
        ...staffOnly,
        operationId: 'getIncubatorStatistics',
        summary: 'The incubator funnel: proposals by status, median days to launch and supporters per proposal, latest and by day; staff only',
        querystring: rangeQuery,
        response: { 200: incubatorResponse },
      },
    },
    async (request) => {
      await request.currentStaffId()
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
        response: { 202: Type.Object({ queued: Type.Literal(true) }, { additionalProperties: false }) },
      },
    },
    async (request, reply) => {
      await request.currentStaffId()
      await requestStatisticsRun(db)
      return reply.code(202).send({ queued: true })
    },
  )
}
