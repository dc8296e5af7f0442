import type { CommunityStatus } from '@kindred/db'
import type { AlertedCommunity, CommunityAlert, CommunityHealth, HealthDashboard, HealthSortColumn } from '@kindred/statistics'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { staffLayout, staffPath } from './staff-layout.ts'
import { freshnessSection } from './staff-freshness.ts'
import { momentText } from './post-parts.ts'
import { communityStatuses, staffCommunityPath, statusName } from './staff-communities.ts'

/** The dashboard's filters, sort and page, as its form and every link repeat them. */
export interface DashboardQuery {
  q: string
  status: CommunityStatus | ''
  placement: string
  onlyAlerts: boolean
  sort: HealthSortColumn
  direction: 'asc' | 'desc'
  page: number
}

const columns: ReadonlyArray<{
  sort: HealthSortColumn
  label: MessageId
  cell: (context: PageContext, row: CommunityHealth) => Markup | string
}> = [
  { sort: 'members', label: 'staff.dashboard.column.members', cell: (context, row) => count(context, row.members) },
  { sort: 'activeMembers7d', label: 'staff.dashboard.column.active7d', cell: (context, row) => count(context, row.activeMembers7d) },
  { sort: 'activeMembers30d', label: 'staff.dashboard.column.active30d', cell: (context, row) => count(context, row.activeMembers30d) },
  { sort: 'threads', label: 'staff.dashboard.column.threads', cell: (context, row) => count(context, row.threads) },
  { sort: 'replies', label: 'staff.dashboard.column.replies', cell: (context, row) => count(context, row.replies) },
  { sort: 'answeredShare', label: 'staff.dashboard.column.answered', cell: (context, row) => share(context, row.answeredShare) },
  {
    sort: 'medianFirstReplySeconds',
    label: 'staff.dashboard.column.firstReply',
    cell: (context, row) => duration(context, row.medianFirstReplySeconds),
  },
  { sort: 'openReports', label: 'staff.dashboard.column.openReports', cell: (context, row) => count(context, row.openReports) },
  {
    sort: 'oldestReportSeconds',
    label: 'staff.dashboard.column.oldestReport',
    cell: (context, row) => duration(context, row.oldestReportSeconds),
  },
  { sort: 'pendingJoins', label: 'staff.dashboard.column.pendingJoins', cell: (context, row) => count(context, row.pendingJoins) },
  {
    sort: 'oldestJoinSeconds',
    label: 'staff.dashboard.column.oldestJoin',
    cell: (context, row) => duration(context, row.oldestJoinSeconds),
  },
  {
    sort: 'activeModerators30d',
    label: 'staff.dashboard.column.moderators',
    cell: (context, row) => count(context, row.activeModerators30d),
  },
  {
    sort: 'lastModeratorActionSeconds',
    label: 'staff.dashboard.column.lastModeration',
    cell: (context, row) => duration(context, row.lastModeratorActionSeconds),
  },
  { sort: 'hasOwner', label: 'staff.dashboard.column.owner', cell: (context, row) => owner(context, row.hasOwner) },
  { sort: 'placement', label: 'staff.dashboard.column.placement', cell: (_context, row) => row.placement },
  { sort: 'status', label: 'staff.dashboard.column.status', cell: (context, row) => statusName(context, row.status) },
]

const alertMessages: Record<Exclude<CommunityAlert, 'report_waiting' | 'join_waiting' | 'moderators_idle'>, MessageId> = {
  provisioning_failed: 'staff.dashboard.alert.provisioningFailed',
  no_owner: 'staff.dashboard.alert.noOwner',
}

// "No figure" is read out; the dash is what the eye scans past.
const noFigure = ({ t }: PageContext): Markup =>
  html`<span aria-hidden="true">–</span><span class="visually-hidden">${t('staff.dashboard.noFigure')}</span>`

const count = (context: PageContext, value: number | null): Markup | string =>
  value === null ? noFigure(context) : context.i18n.formatNumber(value)

// Formatting options as constants, which the translator finds by identity: a page writes hundreds of figures.
const percent: Intl.NumberFormatOptions = { style: 'percent' }

const share = (context: PageContext, value: number | null): Markup | string =>
  value === null ? noFigure(context) : context.i18n.formatNumber(value, percent)

const owner = (context: PageContext, value: boolean | null): Markup | string =>
  value === null ? noFigure(context) : context.t(value ? 'staff.dashboard.owner.yes' : 'staff.dashboard.owner.no')

const inUnit = (unit: 'day' | 'hour' | 'minute'): Intl.NumberFormatOptions => ({ style: 'unit', unit, unitDisplay: 'long' })
type Unit = [options: Intl.NumberFormatOptions, seconds: number]
const minutes: Unit = [inUnit('minute'), 60]
const units: readonly Unit[] = [[inUnit('day'), 86_400], [inUnit('hour'), 3_600], minutes]

/** A span of time in its largest whole unit ("3 days", "5 heures"). */
export function durationText(context: PageContext, seconds: number): string {
  const [options, size] = units.find(([, size]) => seconds >= size) ?? minutes
  return context.i18n.formatNumber(Math.floor(seconds / size), options)
}

const duration = (context: PageContext, seconds: number | null): Markup | string =>
  seconds === null ? noFigure(context) : durationText(context, seconds)

/** The dashboard's address for a query: the defaults left out, so the plain `/staff` is the first page by name. */
export function dashboardHref(query: DashboardQuery): string {
  const search = new URLSearchParams()
  if (query.q !== '') search.set('q', query.q)
  if (query.status !== '') search.set('status', query.status)
  if (query.placement !== '') search.set('placement', query.placement)
  if (query.onlyAlerts) search.set('alerts', 'only')
  if (query.sort !== 'name' || query.direction !== 'asc') {
    search.set('sort', query.sort)
    search.set('direction', query.direction)
  }
  if (query.page > 1) search.set('page', String(query.page))
  const text = search.toString()
  return text === '' ? staffPath('dashboard') : `${staffPath('dashboard')}?${text}`
}

function alertText(
  context: PageContext,
  alert: CommunityAlert,
  community: AlertedCommunity,
  settings: HealthDashboard['settings'],
): string {
  const { t } = context
  switch (alert) {
    case 'report_waiting':
      return t('staff.dashboard.alert.reportWaiting', { age: durationText(context, community.oldestReportSeconds ?? 0) })
    case 'join_waiting':
      return t('staff.dashboard.alert.joinWaiting', { age: durationText(context, community.oldestJoinSeconds ?? 0) })
    case 'moderators_idle':
      return community.lastModeratorActionSeconds === null
        ? t('staff.dashboard.alert.moderatorsNever', { days: settings.moderatorIdleDays })
        : t('staff.dashboard.alert.moderatorsIdle', { age: durationText(context, community.lastModeratorActionSeconds) })
    default:
      return t(alertMessages[alert])
  }
}

function alertsSection(context: PageContext, dashboard: HealthDashboard, query: DashboardQuery): Markup {
  const { t } = context
  const { communities, total, expiringProposals } = dashboard.alerts
  const onlyAlerts = dashboard.alerts.total > communities.length ? { ...query, onlyAlerts: true, page: 1 } : null
  return html`<section aria-labelledby="alerts-title" class="staff-alerts">
    <h2 id="alerts-title">${t('staff.dashboard.alerts.title')}</h2>
    ${
      total === 0
        ? html`<p>${t('staff.dashboard.alerts.none')}</p>`
        : html`<p>${t('staff.dashboard.alerts.count', { count: total })}</p>
            <ul>
              ${communities.map(
                (community) =>
                  html`<li>
                    <a href=${staffCommunityPath(community.slug)}>${community.name}</a
                    >${t('staff.dashboard.alerts.separator')}${community.alerts
                      .map((alert) => alertText(context, alert, community, dashboard.settings))
                      .join('; ')}
                  </li>`,
              )}
            </ul>
            ${onlyAlerts === null ? null : html`<p><a href=${dashboardHref(onlyAlerts)}>${t('staff.dashboard.alerts.all', { count: total })}</a></p>`}`
    }
    <h3>${t('staff.dashboard.expiring.title')}</h3>
    ${
      expiringProposals.length === 0
        ? html`<p>${t('staff.dashboard.expiring.none')}</p>`
        : html`<ul>
            ${expiringProposals.map(
              (proposal) =>
                html`<li>
                  <a href=${`${staffPath('proposals')}/${proposal.id}`}>${proposal.diseaseName}</a
                  >${t('staff.dashboard.alerts.separator')}${t('staff.dashboard.expiring.closes', {
                    date: momentText(context, proposal.expiresAt),
                  })}
                </li>`,
            )}
          </ul>`
    }
  </section>`
}

function filterForm(context: PageContext, query: DashboardQuery, placements: readonly string[]): Markup {
  const { t } = context
  return html`<form method="get" action=${staffPath('dashboard')} role="search" class="staff-filter">
    <div class="field">
      <label for="q">${t('staff.dashboard.filter.text')}</label>
      <input id="q" name="q" type="search" value=${query.q} maxlength="100" />
    </div>
    <div class="field">
      <label for="status">${t('staff.dashboard.filter.status')}</label>
      <select id="status" name="status">
        <option value="" selected=${query.status === ''}>${t('staff.dashboard.filter.anyStatus')}</option>
        ${communityStatuses.map((status) => html`<option value=${status} selected=${query.status === status}>${statusName(context, status)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="placement">${t('staff.dashboard.filter.placement')}</label>
      <select id="placement" name="placement">
        <option value="" selected=${query.placement === ''}>${t('staff.dashboard.filter.anyPlacement')}</option>
        ${placements.map((placement) => html`<option value=${placement} selected=${query.placement === placement}>${placement}</option>`)}
      </select>
    </div>
    <div class="checkbox">
      <input type="checkbox" id="alerts" name="alerts" value="only" checked=${query.onlyAlerts} />
      <label for="alerts">${t('staff.dashboard.filter.onlyAlerts')}</label>
    </div>
    <input type="hidden" name="sort" value=${query.sort} />
    <input type="hidden" name="direction" value=${query.direction} />
    <button type="submit">${t('staff.dashboard.filter.button')}</button>
  </form>`
}

// A column heading that sorts by it: ascending first, the other way when it is already the sort.
function sortHeading(query: DashboardQuery, sort: HealthSortColumn, label: string): Markup {
  const current = query.sort === sort
  const direction = current && query.direction === 'asc' ? 'desc' : 'asc'
  const ariaSort = current ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined
  return html`<th scope="col" aria-sort=${ariaSort}>
    <a href=${dashboardHref({ ...query, sort, direction, page: 1 })}>${label}</a>
  </th>`
}

function healthTable(context: PageContext, dashboard: HealthDashboard, query: DashboardQuery): Markup {
  const { t } = context
  const { rows } = dashboard.table
  if (rows.length === 0) return html`<p>${t('staff.dashboard.table.none')}</p>`
  return html`<p class="hint">${t('staff.dashboard.table.hint')}</p>
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="health-caption">
      <table class="health-table">
        <caption id="health-caption">
          ${t('staff.dashboard.table.caption')}
        </caption>
        <thead>
          <tr>
            ${sortHeading(query, 'name', t('staff.dashboard.column.community'))}
            ${columns.map((column) => sortHeading(query, column.sort, t(column.label)))}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr class=${row.alerts.length > 0 ? 'alerted' : undefined}>
                <th scope="row"><a href=${staffCommunityPath(row.slug)}>${row.name}</a></th>
                ${columns.map((column) => html`<td>${column.cell(context, row)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
}

function pages(context: PageContext, dashboard: HealthDashboard, query: DashboardQuery): Markup {
  const { t } = context
  const { total, page, pageSize } = dashboard.table
  const last = Math.max(1, Math.ceil(total / pageSize))
  if (last === 1) return html`<p>${t('staff.dashboard.table.total', { count: total })}</p>`
  return html`<nav aria-label=${t('staff.dashboard.pages.label')} class="pages">
    <p>${t('staff.dashboard.pages.where', { page, last, count: total })}</p>
    <ul>
      ${page > 1 ? html`<li><a href=${dashboardHref({ ...query, page: page - 1 })} rel="prev">${t('staff.dashboard.pages.previous')}</a></li>` : null}
      ${page < last ? html`<li><a href=${dashboardHref({ ...query, page: page + 1 })} rel="next">${t('staff.dashboard.pages.next')}</a></li>` : null}
    </ul>
  </nav>`
}

/** The first page staff see: what needs attention, then every community's health, sortable and filterable. */
export function dashboardPage(context: PageContext, dashboard: HealthDashboard, query: DashboardQuery): string {
  return staffLayout({
    context,
    current: 'dashboard',
    main: html`
      ${alertsSection(context, dashboard, query)} ${freshnessSection(context, dashboard.freshness)}
      <section aria-labelledby="health-title">
        <h2 id="health-title">${context.t('staff.dashboard.table.title')}</h2>
        ${filterForm(context, query, dashboard.table.placements)} ${healthTable(context, dashboard, query)}
        ${pages(context, dashboard, query)}
      </section>
    `,
  })
}
