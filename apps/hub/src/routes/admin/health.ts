import { Type } from 'typebox'
import {
  communityAlerts,
  dashboardAlertsListed,
  defaultHealthPageSize,
  healthDashboard,
  healthSortColumns,
  maxHealthPageSize,
  type HealthAlertSettings,
} from '@kindred/statistics'
import { dateTime, literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { communityStatus } from '../communities/schemas.ts'

const count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])
const seconds = Type.Union([Type.Integer(), Type.Null()], { description: 'Seconds at the time of the answer; null when nothing waits' })
const alerts = Type.Array(literalUnion(communityAlerts), { description: 'What is wrong, worst first' })

const communityHealth = strictObject({
  slug: Type.String(),
  name: Type.String(),
  status: communityStatus,
  placement: Type.String(),
  figuresDay: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'The day of the figures shown (the latest written, today’s being provisional); null: never aggregated',
  }),
  members: count,
  activeMembers7d: count,
  activeMembers30d: count,
  threads: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Opened in the 30 days ending with the last complete day',
  }),
  replies: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Posted in the same 30 days' }),
  answeredShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'Of those threads, the share another member answered within 24 hours; null without threads',
  }),
  medianFirstReplySeconds: seconds,
  openReports: count,
  oldestReportSeconds: seconds,
  pendingJoins: count,
  oldestJoinSeconds: seconds,
  activeModerators30d: count,
  lastModeratorActionSeconds: seconds,
  hasOwner: Type.Union([Type.Boolean(), Type.Null()]),
  alerts,
})

const healthQuery = strictObject({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name or address, any case' })),
  status: Type.Optional(communityStatus),
  placement: Type.Optional(Type.String({ maxLength: 63 })),
  alerts: Type.Optional(Type.Literal('only', { description: 'Only the communities with an alert' })),
  sort: Type.Optional(literalUnion(healthSortColumns, { default: 'name' })),
  direction: Type.Optional(literalUnion(['asc', 'desc'], { default: 'asc', description: 'Empty figures last either way' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: maxHealthPageSize, default: defaultHealthPageSize })),
})

const dashboard = strictObject({
  table: strictObject({
    rows: Type.Array(communityHealth, { maxItems: maxHealthPageSize }),
    total: Type.Integer({ minimum: 0, description: 'Communities matching the filters, over every page' }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
    sort: literalUnion(healthSortColumns),
    direction: literalUnion(['asc', 'desc']),
    placements: Type.Array(Type.String(), { description: 'The placements communities live on, for the filter' }),
  }),
  alerts: strictObject({
    communities: Type.Array(
      strictObject({
        slug: Type.String(),
        name: Type.String(),
        alerts,
        oldestReportSeconds: seconds,
        oldestJoinSeconds: seconds,
        lastModeratorActionSeconds: seconds,
      }),
      { maxItems: dashboardAlertsListed, description: 'Most alerts first' },
    ),
    total: Type.Integer({ minimum: 0, description: 'Communities with an alert, listed or not' }),
    expiringProposals: Type.Array(
      strictObject({ id: Type.String(), slug: Type.String(), diseaseName: Type.String(), expiresAt: dateTime }),
      {
        maxItems: dashboardAlertsListed,
        description: 'Proposals whose support window closes within the founders’ reminder window, soonest first',
      },
    ),
  }),
  settings: strictObject({
    moderatorIdleDays: Type.Integer(),
    reportWaitHours: Type.Integer(),
    joinWaitHours: Type.Integer(),
  }),
  freshness: strictObject({
    lastAggregatedAt: Type.Union([dateTime, Type.Null()]),
    completeThrough: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  }),
})

/** The network health dashboard, as the staff console's first page shows it. */
export default async function adminHealthRoutes(app: TypeBoxApp, options: { health: HealthAlertSettings }): Promise<void> {
  app.get(
    '/v1/admin/health',
    {
      schema: {
        tags: ['admin', 'statistics'],
        security: [{ bearer: [] }],
        operationId: 'getNetworkHealth',
        summary:
          'Every community’s health from the statistics roll-ups (filtered, sorted, a page at a time), the alerts and the figures’ freshness; staff only',
        querystring: healthQuery,
        response: { 200: dashboard },
      },
    },
    async (request) => {
      const { q, alerts: onlyAlerts, ...rest } = request.query
      return healthDashboard(
        app.database.db,
        { ...rest, ...(q === undefined ? {} : { text: q }), onlyAlerts: onlyAlerts === 'only' },
        options.health,
      )
    },
  )
}
