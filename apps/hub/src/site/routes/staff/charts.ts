import type { FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  chooseMetrics,
  communityMetrics,
  daysIn,
  groupedCommunitySeries,
  groupedNetworkSeries,
  groupings,
  incubatorStages,
  networkMetrics,
  requestStatisticsRun,
  resolveDayRange,
  showSeries,
  showStages,
  statisticsFreshness,
  statisticsRunProgress,
  type DayRange,
  type CommunityMetric,
  type NetworkMetric,
  type SeriesMetric,
  type ShownValue,
} from '@kindred/statistics'
import { KindredError } from '@kindred/errors'
import { literalUnion, strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import { csrfChecked } from '../../csrf-and-cookies.ts'
import type { PageContext } from '../../context.ts'
import { formBody, pageResponse } from '../../schemas.ts'
import { chartsPage, runPage, type ChartsQuery, type ChartsView } from '../../pages/staff-charts.ts'

/** The longest range a chart shows: a year, a leap day included. */
const maxChartDays = 366
const defaultMetrics: SeriesMetric[] = ['membersTotal', 'activeMembers30d', 'threads']
// Seconds between two loads of a run's page while it is not done.
const reloadSeconds = 3

// Empty fields are what a GET form sends for a field left blank: they mean "the default".
const dayOrEmpty = Type.String({ maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' })
// Every metric some series offers, each once: the network's, then a community's own.
const seriesMetrics: SeriesMetric[] = [...new Set<SeriesMetric>([...networkMetrics, ...communityMetrics])]
const chartsQuery = strictObject({
  community: Type.Optional(Type.String({ maxLength: 40, pattern: '^([a-z0-9][a-z0-9-]{1,38}[a-z0-9])?$' })),
  metric: Type.Optional(Type.Array(literalUnion(seriesMetrics), { maxItems: seriesMetrics.length * 2 })),
  from: Type.Optional(dayOrEmpty),
  to: Type.Optional(dayOrEmpty),
  group: Type.Optional(literalUnion(groupings)),
  view: Type.Optional(literalUnion(['exact', 'public'])),
})
const csvResponse = { content: { 'text/csv': { schema: Type.String() } } }
const runParams = strictObject({ id: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }) })
const runQuery = strictObject({ reload: Type.Optional(Type.Literal('off')) })
const csrfOnly = formBody({})

type Asked = Static<typeof chartsQuery>
const blankless = (value: string | undefined): string | undefined => (value === '' ? undefined : value)

// The 365 days ending with `to`.
const yearEndingOn = (to: string): string => new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10)

/**
 * The range asked for (the 365 days ending today unless given), or null when it is not a real range of at
 * most a year: the page then says so.
 */
function rangeOf(asked: Asked, now: Date): DayRange | null {
  try {
    const { to } = resolveDayRange({ from: blankless(asked.to), to: blankless(asked.to) }, now)
    const range = resolveDayRange({ from: blankless(asked.from) ?? yearEndingOn(to), to }, now)
    return daysIn(range) > maxChartDays ? null : range
  } catch (error) {
    if (error instanceof KindredError && error.code === 'KINDRED_VALIDATION_FAILED') return null
    throw error
  }
}

function queryOf(asked: Asked, range: DayRange | null): ChartsQuery {
  const community = asked.community ?? ''
  const offered: readonly SeriesMetric[] = community === '' ? networkMetrics : communityMetrics
  const metrics = chooseMetrics(asked.metric, offered)
  return {
    community,
    metrics: asked.metric === undefined || metrics.length === 0 ? defaultMetrics : metrics,
    from: range?.from ?? asked.from ?? '',
    to: range?.to ?? asked.to ?? '',
    group: asked.group ?? 'week',
    view: asked.view ?? 'exact',
  }
}

const isNetworkMetric = (metric: SeriesMetric): metric is NetworkMetric => (networkMetrics as readonly string[]).includes(metric)
const isCommunityMetric = (metric: SeriesMetric): metric is CommunityMetric => (communityMetrics as readonly string[]).includes(metric)

interface Loaded {
  view: ChartsView
  status: 200 | 400 | 404
}

/**
 * Everything a charts page (or its CSV) shows, from the same package functions as /v1/admin/stats:
 * the series grouped as asked, shown exact or as the public would see it, the funnel for the network.
 */
async function load(app: TypeBoxApp, context: PageContext, asked: Asked, threshold: number): Promise<Loaded> {
  const { db } = app.database
  const range = rangeOf(asked, new Date())
  const query = queryOf(asked, range)
  const slug = query.community === '' ? null : query.community
  const shownThreshold = query.view === 'public' ? threshold : null
  const base = { query, offered: slug === null ? networkMetrics : communityMetrics, rows: [], stages: null } satisfies Partial<ChartsView>
  if (range === null)
    return {
      status: 400,
      view: { ...base, scope: null, freshness: await statisticsFreshness(db, slug), error: context.t('staff.charts.error.range') },
    }
  if (slug === null) {
    // queryOf chose among the network's metrics: the filter only tells the type so.
    const metrics = query.metrics.filter(isNetworkMetric)
    // The series come with the network's freshness.
    const [{ series, lastAggregatedAt, completeThrough }, stages] = await Promise.all([
      groupedNetworkSeries(db, { range, metrics, grouping: query.group }),
      incubatorStages(db, range),
    ])
    return {
      status: 200,
      view: {
        ...base,
        scope: null,
        freshness: { lastAggregatedAt, completeThrough },
        error: null,
        rows: showSeries(series, metrics, shownThreshold),
        stages: showStages(stages, shownThreshold),
      },
    }
  }
  const metrics = query.metrics.filter(isCommunityMetric)
  // The series come with the community's freshness: one statement for the whole page.
  const found = await groupedCommunitySeries(db, { slug, range, metrics, grouping: query.group }).catch((error: unknown) => {
    if (error instanceof KindredError && error.code === 'KINDRED_NOT_FOUND') return null
    throw error
  })
  if (found === null) {
    const freshness = await statisticsFreshness(db, slug)
    return { status: 404, view: { ...base, scope: null, freshness, error: context.t('staff.charts.error.community') } }
  }
  const { lastAggregatedAt, completeThrough } = found
  return {
    status: 200,
    view: {
      ...base,
      scope: found.community,
      freshness: { lastAggregatedAt, completeThrough },
      error: null,
      rows: showSeries(found.series, metrics, shownThreshold),
    },
  }
}

// A CSV cell: a number, empty for no figure, the word for a suppressed one; quoted when it must be.
function cell(value: ShownValue | string): string {
  if (value === null) return ''
  const text = typeof value === 'string' ? value : 'suppressed' in value ? 'suppressed' : String(value.value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const csvLines = (rows: ReadonlyArray<ReadonlyArray<ShownValue | string>>): string =>
  rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'

function csvName(query: ChartsQuery, what: string): string {
  const scope = query.community === '' ? 'network' : query.community
  return `kindred-${scope}-${what}-${query.from}-${query.to}${query.view === 'public' ? '-public' : ''}.csv`
}

export interface ChartPageOptions {
  /** The public statistics' threshold: "as the public would see it" suppresses with it. */
  suppressionThreshold: number
}

/**
 * Charts of the network's or one community's figures (a year at most, by day, week or month), each with
 * its table and a CSV, exact or as the public would see them; the figures' freshness and "refresh now",
 * whose run's page reloads itself until every community and the network are done.
 */
export default async function staffChartRoutes(app: TypeBoxApp, options: ChartPageOptions): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const threshold = options.suppressionThreshold

  app.get(
    '/staff/charts',
    { schema: { hide: true, querystring: chartsQuery, response: { 200: pageResponse, 400: pageResponse, 404: pageResponse } } },
    async (request, reply) => {
      const context = request.page()
      const { view, status } = await load(app, context, request.query, threshold)
      return reply.code(status).type('text/html; charset=utf-8').send(chartsPage(context, view))
    },
  )

  app.get(
    '/staff/charts/series.csv',
    { schema: { hide: true, querystring: chartsQuery, response: { 200: csvResponse } } },
    async (request, reply) => {
      const { view, status } = await load(app, request.page(), request.query, threshold)
      if (status !== 200) throw new KindredError(status === 404 ? 'KINDRED_NOT_FOUND' : 'KINDRED_VALIDATION_FAILED', view.error ?? '')
      const { metrics } = view.query
      const lines = [['periodStart', 'periodEnd', ...metrics], ...view.rows.map((row) => [row.day, row.through ?? row.day, ...row.values])]
      return sendCsv(reply, csvName(view.query, view.query.group), csvLines(lines))
    },
  )

  app.get(
    '/staff/charts/funnel.csv',
    { schema: { hide: true, querystring: chartsQuery, response: { 200: csvResponse } } },
    async (request, reply) => {
      const { view, status } = await load(app, request.page(), { ...request.query, community: '' }, threshold)
      if (status !== 200 || view.stages === null) throw new KindredError('KINDRED_VALIDATION_FAILED', view.error ?? '')
      const lines = [['stage', 'proposals', 'medianDays'], ...view.stages.map((stage) => [stage.stage, stage.proposals, stage.medianDays])]
      return sendCsv(reply, csvName(view.query, 'funnel'), csvLines(lines))
    },
  )

  app.post('/staff/charts/refresh', { preValidation: checkCsrf, schema: { hide: true, body: csrfOnly } }, async (request, reply) => {
    const run = await requestStatisticsRun(app.database.db, { requestedBy: request.staffId() })
    return reply.redirect(`/staff/charts/runs/${run.id}`, 303)
  })

  app.get(
    '/staff/charts/runs/:id',
    { schema: { hide: true, params: runParams, querystring: runQuery, response: { 200: pageResponse } } },
    async (request, reply) => {
      const progress = await statisticsRunProgress(app.database.db, request.params.id)
      if (progress === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No statistics run has this id')
      const reloading = !progress.done && request.query.reload !== 'off'
      // The Refresh header is the HTML standard's equivalent of <meta http-equiv="refresh">: no script, and
      // the page offers to stop it.
      if (reloading) void reply.header('refresh', String(reloadSeconds))
      return reply.type('text/html; charset=utf-8').send(runPage(request.page(), { ...progress, reloading }))
    },
  )
}

function sendCsv(reply: FastifyReply, name: string, body: string): FastifyReply {
  void reply.header('content-disposition', `attachment; filename="${name}"`)
  return reply.type('text/csv; charset=utf-8').send(body)
}
