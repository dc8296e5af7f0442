import type { FunnelStage, Grouping, SeriesMetric, ShownPoint, ShownStage, ShownValue, StatisticsFreshness } from '@kindred/statistics'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { staffLayout } from './staff-layout.ts'
import { freshnessSection } from './staff-freshness.ts'
import { barChart, lineChart } from './staff-chart-svg.ts'

/** What the charts show, as the form asks for it and as every link (CSV included) repeats it. */
export interface ChartsQuery {
  /** A community's slug; empty for the whole network. */
  community: string
  metrics: SeriesMetric[]
  from: string
  to: string
  group: Grouping
  view: 'exact' | 'public'
}

export interface ChartsView {
  query: ChartsQuery
  /** The community shown, or null for the network. */
  scope: { slug: string; name: string } | null
  freshness: StatisticsFreshness
  rows: ShownPoint[]
  /** The incubator funnel of the range: the network's view only. */
  stages: ShownStage[] | null
  /** Why the form's choice could not be shown (the charts are then absent). */
  error: string | null
  /** Every metric the scope offers, for the form. */
  offered: readonly SeriesMetric[]
}

export const metricNames: Record<SeriesMetric, MessageId> = {
  communities: 'staff.charts.metric.communities',
  membersTotal: 'staff.charts.metric.membersTotal',
  membersJoined: 'staff.charts.metric.membersJoined',
  membersLeft: 'staff.charts.metric.membersLeft',
  activeMembers7d: 'staff.charts.metric.activeMembers7d',
  activeMembers30d: 'staff.charts.metric.activeMembers30d',
  threads: 'staff.charts.metric.threads',
  replies: 'staff.charts.metric.replies',
  reactions: 'staff.charts.metric.reactions',
  openReports: 'staff.charts.metric.openReports',
  threadsAnswered24h: 'staff.charts.metric.threadsAnswered24h',
  medianFirstReplySeconds: 'staff.charts.metric.medianFirstReplySeconds',
  pendingJoins: 'staff.charts.metric.pendingJoins',
  oldestPendingJoinSeconds: 'staff.charts.metric.oldestPendingJoinSeconds',
  oldestOpenReportSeconds: 'staff.charts.metric.oldestOpenReportSeconds',
  activeModerators30d: 'staff.charts.metric.activeModerators30d',
  secondsSinceModeratorAction: 'staff.charts.metric.secondsSinceModeratorAction',
  hasOwner: 'staff.charts.metric.hasOwner',
}

const groupNames: Record<Grouping, MessageId> = {
  day: 'staff.charts.group.day',
  week: 'staff.charts.group.week',
  month: 'staff.charts.group.month',
}

export const stageNames: Record<FunnelStage, MessageId> = {
  proposed: 'staff.charts.stage.proposed',
  ready: 'staff.charts.stage.ready',
  approved: 'staff.charts.stage.approved',
  live: 'staff.charts.stage.live',
}

/**
 * The query string of a charts address (the page, its CSV): the same choice, in the same order.
 *
 * @example chartsSearch({ community: '', metrics: ['threads'], from: '2025-01-01', to: '2025-12-31', group: 'week', view: 'exact' })
 * // 'community=&metric=threads&from=2025-01-01&to=2025-12-31&group=week&view=exact'
 */
export function chartsSearch(query: ChartsQuery): string {
  const search = new URLSearchParams({ community: query.community })
  for (const metric of query.metrics) search.append('metric', metric)
  search.append('from', query.from)
  search.append('to', query.to)
  search.append('group', query.group)
  search.append('view', query.view)
  return search.toString()
}

// A period in words: a day, the week starting on a day, a month.
function periodLabel(context: PageContext, group: Grouping, row: ShownPoint): string {
  return context.i18n.formatDay(row.day, group === 'month' ? 'month' : 'medium')
}

function valueText(context: PageContext, value: ShownValue): string {
  if (value === null) return context.t('staff.charts.noFigure')
  if ('suppressed' in value) return context.t('staff.charts.suppressed')
  return context.i18n.formatNumber(value.value)
}

// One box to tick or one option to pick, its label beside it and the whole row to press.
const choiceBox = (type: 'checkbox' | 'radio', name: string, value: string, checked: boolean, label: string): Markup =>
  html`<label class="choice"><input type=${type} name=${name} value=${value} checked=${checked} />${label}</label>`

function choice(context: PageContext, view: ChartsView): Markup {
  const { t } = context
  const { query } = view
  return html`<form method="get" action="/staff/charts" class="chart-choice">
    <div class="field">
      <label for="community">${t('staff.charts.form.community')}</label>
      <span id="community-hint" class="hint">${t('staff.charts.form.communityHint')}</span>
      <input id="community" name="community" type="text" value=${query.community} aria-describedby="community-hint" maxlength="40" />
    </div>
    <fieldset>
      <legend>${t('staff.charts.form.metrics')}</legend>
      ${view.offered.map((metric) => choiceBox('checkbox', 'metric', metric, query.metrics.includes(metric), t(metricNames[metric])))}
    </fieldset>
    <div class="field-row">
      <div class="field">
        <label for="from">${t('staff.charts.form.from')}</label>
        <input id="from" name="from" type="date" value=${query.from} />
      </div>
      <div class="field">
        <label for="to">${t('staff.charts.form.to')}</label>
        <input id="to" name="to" type="date" value=${query.to} />
      </div>
    </div>
    <fieldset>
      <legend>${t('staff.charts.form.group')}</legend>
      ${(['day', 'week', 'month'] as const).map((group) => choiceBox('radio', 'group', group, query.group === group, t(groupNames[group])))}
    </fieldset>
    <fieldset>
      <legend>${t('staff.charts.form.view')}</legend>
      ${choiceBox('radio', 'view', 'exact', query.view === 'exact', t('staff.charts.view.exact'))}
      ${choiceBox('radio', 'view', 'public', query.view === 'public', t('staff.charts.view.public'))}
    </fieldset>
    <p><button type="submit">${t('staff.charts.form.show')}</button></p>
  </form>`
}

function describe(context: PageContext, view: ChartsView, index: number): string {
  const { t } = context
  const values = view.rows.map((row) => row.values[index]).filter((value): value is { value: number } => value != null && 'value' in value)
  const first = view.rows[0]
  const last = view.rows.at(-1)
  if (first === undefined || last === undefined || values.length === 0) return t('staff.charts.describe.empty')
  const numbers = values.map((value) => value.value)
  return t('staff.charts.describe.series', {
    points: view.rows.length,
    from: context.i18n.formatDay(first.day, 'medium'),
    to: context.i18n.formatDay(last.through ?? last.day, 'medium'),
    low: context.i18n.formatNumber(Math.min(...numbers)),
    high: context.i18n.formatNumber(Math.max(...numbers)),
    hidden: view.rows.length - values.length,
  })
}

function seriesTable(context: PageContext, view: ChartsView): Markup {
  const { t } = context
  const { metrics, group } = view.query
  return html`<details>
    <summary>${t('staff.charts.table.summary')}</summary>
    <div class="table-scroll" role="region" aria-labelledby="series-caption" tabindex="0">
      <table>
        <caption id="series-caption">
          ${t('staff.charts.table.caption', { group: t(groupNames[group]) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('staff.charts.table.period')}</th>
            ${metrics.map((metric) => html`<th scope="col">${t(metricNames[metric])}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map(
            (row) =>
              html`<tr>
                <th scope="row">${periodLabel(context, group, row)}</th>
                ${row.values.map((value) => html`<td class="number">${valueText(context, value)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`
}

function charts(context: PageContext, view: ChartsView): Markup {
  const { t } = context
  const { query } = view
  if (view.rows.length === 0) return html`<p>${t('staff.charts.none')}</p>`
  return html`${query.metrics.map(
      (metric, index) =>
        html`<figure class="chart-figure">
          ${lineChart({
            id: `chart-${metric}`,
            title: t(metricNames[metric]),
            description: describe(context, view, index),
            points: view.rows.map((row) => {
              const value = row.values[index]
              return { label: periodLabel(context, query.group, row), value: value == null || 'suppressed' in value ? null : value.value }
            }),
            format: (value) => context.i18n.formatNumber(value),
          })}
          <figcaption>${t(metricNames[metric])}</figcaption>
        </figure>`,
    )}
    ${seriesTable(context, view)}
    <p><a href=${`/staff/charts/series.csv?${chartsSearch(query)}`} download>${t('staff.charts.csv')}</a></p>`
}

function funnel(context: PageContext, view: ChartsView, stages: readonly ShownStage[]): Markup {
  const { t } = context
  return html`<section aria-labelledby="funnel-title">
    <h2 id="funnel-title">${t('staff.charts.funnel.title')}</h2>
    <p>${t('staff.charts.funnel.intro')}</p>
    ${barChart({
      id: 'funnel',
      title: t('staff.charts.funnel.title'),
      description: stages.map((stage) => `${t(stageNames[stage.stage])}: ${valueText(context, stage.proposals)}`).join('; '),
      bars: stages.map((stage) => ({
        label: t(stageNames[stage.stage]),
        value: 'value' in stage.proposals ? stage.proposals.value : null,
        text: valueText(context, stage.proposals),
      })),
    })}
    <div class="table-scroll" role="region" aria-labelledby="funnel-caption" tabindex="0">
      <table>
        <caption id="funnel-caption">
          ${t('staff.charts.funnel.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('staff.charts.funnel.stage')}</th>
            <th scope="col">${t('staff.charts.funnel.proposals')}</th>
            <th scope="col">${t('staff.charts.funnel.medianDays')}</th>
          </tr>
        </thead>
        <tbody>
          ${stages.map(
            (stage) =>
              html`<tr>
                <th scope="row">${t(stageNames[stage.stage])}</th>
                <td class="number">${valueText(context, stage.proposals)}</td>
                <td class="number">${valueText(context, stage.medianDays)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p><a href=${`/staff/charts/funnel.csv?${chartsSearch(view.query)}`} download>${t('staff.charts.funnel.csv')}</a></p>
  </section>`
}

/** Network or community charts: freshness and "refresh now", the choice, a chart and a table per metric, the funnel. */
export function chartsPage(context: PageContext, view: ChartsView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'charts',
    heading: view.scope === null ? t('staff.charts.heading.network') : t('staff.charts.heading.community', { name: view.scope.name }),
    before: view.error === null ? null : html`<div class="error-summary" role="alert"><p>${view.error}</p></div>`,
    main: html`
      ${view.query.view === 'public' ? html`<p class="notice">${t('staff.charts.view.publicNotice')}</p>` : null}
      ${freshnessSection(context, view.freshness)} ${choice(context, view)} ${view.error === null ? charts(context, view) : null}
      ${view.stages === null || view.error !== null ? null : funnel(context, view, view.stages)}
    `,
  })
}

/** Where a statistics run asked for stands, as the run page shows it. */
export interface RunView {
  id: string
  communities: number
  communitiesDone: number
  networkDone: boolean
  done: boolean
  /** Whether the page reloads itself (the visitor can stop it). */
  reloading: boolean
}

const runPath = (run: RunView): string => `/staff/charts/runs/${run.id}`

// While the page reloads itself it says so and offers to stop; either way the visitor can reload by hand.
function reloadLinks({ t }: PageContext, run: RunView): Markup {
  const here = runPath(run)
  const reload = html`<a href=${here}>${t('staff.charts.run.reload')}</a>`
  if (!run.reloading) return html`<p>${reload}</p>`
  return html`<p>${t('staff.charts.run.reloading')} ${reload} · <a href=${`${here}?reload=off`}>${t('staff.charts.run.stop')}</a></p>`
}

/** A statistics run's progress: communities done out of how many, then the network; reloads itself until done. */
export function runPage(context: PageContext, run: RunView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'charts',
    heading: t('staff.charts.run.heading'),
    main: html`
      <p role="status">
        ${run.done ? t('staff.charts.run.done') : t('staff.charts.run.progress', { done: run.communitiesDone, total: run.communities })}
      </p>
      <progress
        max=${Math.max(run.communities, 1)}
        value=${run.done ? Math.max(run.communities, 1) : run.communitiesDone}
        aria-label=${t('staff.charts.run.progressLabel')}
      ></progress>
      <p>${run.networkDone || run.done ? t('staff.charts.run.networkDone') : t('staff.charts.run.networkWaiting')}</p>
      ${run.done ? null : reloadLinks(context, run)}
      <p><a href="/staff/charts">${t('staff.charts.run.back')}</a></p>
    `,
  })
}
