import { Type, type TSchema } from 'typebox'
import {
  chooseMetrics,
  communityMetrics,
  funnelStages,
  groupedCommunitySeries,
  groupedNetworkSeries,
  groupings,
  incubatorFunnel,
  incubatorStages,
  lastAggregationAt,
  maxRangeDays,
  networkMetrics,
  proposalStatuses,
  requestStatisticsRun,
  resolveDayRange,
  statisticsRunProgress,
} from '@kindred/statistics'
import { KindredError } from '@kindred/errors'
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

const group = Type.Optional(
  literalUnion(groupings, {
    description:
      'A point a day (the default), a week (Monday to Sunday) or a month: counts of the period add up, levels (members, active members, open reports) are its last day’s, the median is taken over the period’s first replies',
  }),
)
const communityQuery = strictObject({ ...rangeFields, group, metric: metricParameter(communityMetrics) })
const networkQuery = strictObject({ ...rangeFields, group, metric: metricParameter(networkMetrics) })
const rangeQuery = strictObject(rangeFields)
const noBody = Type.Union([strictObject({}), Type.Null()])

// A type list rather than anyOf: the serializer writes it directly instead of validating each of the
// thousands of values a long series has against the alternatives.
const value = Type.Unsafe<number | null>({ type: ['integer', 'null'] })
const point = (metrics: readonly string[]) =>
  strictObject({
    day,
    through: Type.Optional(Type.String({ format: 'date', description: 'A week’s or month’s last day within the range' })),
    ...Object.fromEntries(metrics.map((metric) => [metric, Type.Optional(value)])),
  })
const lastAggregatedAt = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
// Bounded by design: the metrics asked for, and a day each of a range of at most maxRangeDays.
const series = <Item extends TSchema>(item: Item) =>
  Type.Array(item, { maxItems: maxRangeDays, description: `A point a day, at most ${maxRangeDays}` })
const seriesFields = (metrics: readonly string[]) => ({
  from: day,
  to: day,
  group: literalUnion(groupings),
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
const stage = strictObject({
  stage: literalUnion(funnelStages),
  proposals: Type.Integer({ minimum: 0, description: 'Proposals made in the range that reached the stage' }),
  medianDays: Type.Union([Type.Number(), Type.Null()], { description: 'Median days from the stage before; null for the first' }),
})
const incubatorResponse = strictObject({
  from: day,
  to: day,
  lastAggregatedAt,
  latest: Type.Union([incubatorDay, Type.Null()]),
  series: series(incubatorDay),
  stages: Type.Array(stage, { maxItems: funnelStages.length, description: 'The funnel of the proposals made in the range' }),
})
const runParams = strictObject({ id: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }) })
const runFields = {
  id: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  status: Type.String({ description: 'Where to follow the run: GET it' }),
}
const runProgress = strictObject({
  ...runFields,
  communities: Type.Integer({ minimum: 0, description: 'Live communities, each aggregated by the run' }),
  communitiesDone: Type.Integer({ minimum: 0, description: 'Of those, the ones aggregated since the run was asked for' }),
  networkDone: Type.Boolean({ description: 'The network rolled up after the last of them' }),
  done: Type.Boolean(),
})

const staffOnly = { tags: ['admin', 'statistics'], security: [{ bearer: [] }] }
const iso = (at: Date | null): string | null => at?.toISOString() ?? null
const runStatus = (id: string): string => `/v1/admin/stats/runs/${id}`

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
      const grouping = request.query.group ?? 'day'
      const found = await groupedCommunitySeries(db, { slug: request.params.slug, range, metrics, grouping })
      return { ...found, ...range, group: grouping, metrics, lastAggregatedAt: iso(found.lastAggregatedAt) }
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
      const grouping = request.query.group ?? 'day'
      const { series, lastAggregatedAt } = await groupedNetworkSeries(db, { range, metrics, grouping })
      return { ...range, group: grouping, metrics, lastAggregatedAt: iso(lastAggregatedAt), series }
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
      const [funnel, stages, at] = await Promise.all([incubatorFunnel(db, range), incubatorStages(db, range), lastAggregationAt(db)])
      return { ...range, lastAggregatedAt: iso(at), ...funnel, stages }
    },
  )

  app.post(
    '/v1/admin/stats/refresh',
    {
      schema: {
        ...staffOnly,
        operationId: 'refreshStatistics',
        summary: 'Queue a full statistics run now (every live community, then the network); its progress is at `status`; staff only',
        body: noBody,
        response: { 202: strictObject({ queued: Type.Literal(true), ...runFields }) },
      },
    },
    async (request, reply) => {
      const run = await requestStatisticsRun(db, { requestedBy: request.staffId() })
      return reply
        .code(202)
        .header('location', runStatus(run.id))
        .send({ queued: true, id: run.id, requestedAt: run.requestedAt.toISOString(), status: runStatus(run.id) })
    },
  )

  app.get(
    '/v1/admin/stats/runs/:id',
    {
      schema: {
        ...staffOnly,
        operationId: 'getStatisticsRun',
        summary: 'How far a statistics run asked for has gone: communities aggregated since, then the network; staff only',
        params: runParams,
        response: { 200: runProgress },
      },
    },
    async (request) => {
      const progress = await statisticsRunProgress(db, request.params.id)
      if (progress === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No statistics run has this id')
      return { ...progress, requestedAt: progress.requestedAt.toISOString(), status: runStatus(progress.id) }
    },
  )
}
