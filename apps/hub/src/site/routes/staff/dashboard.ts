import { Type } from 'typebox'
import { healthDashboard, healthSortColumns, type HealthAlertSettings } from '@kindred/statistics'
import { literalUnion, strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import { dashboardPage, type DashboardQuery } from '../../pages/staff-dashboard.ts'
import { communityStatuses } from '../../pages/staff-communities.ts'
import { text } from '../../schemas.ts'
import { page } from '../moderate-schemas.ts'

// Empty fields are what a GET form sends for a choice left alone: they mean "any".
const dashboardQuery = strictObject({
  q: Type.Optional(text(100)),
  status: Type.Optional(Type.Union([literalUnion(communityStatuses), Type.Literal('')])),
  placement: Type.Optional(Type.String({ maxLength: 63, pattern: '^[a-z0-9_-]*$' })),
  alerts: Type.Optional(Type.Literal('only')),
  sort: Type.Optional(literalUnion(healthSortColumns)),
  direction: Type.Optional(literalUnion(['asc', 'desc'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
})

/** The console's first page: the network's health from the statistics roll-ups, as `GET /v1/admin/health` answers it. */
export default async function staffDashboardRoutes(app: TypeBoxApp, options: { health: HealthAlertSettings }): Promise<void> {
  app.get('/staff', { schema: { hide: true, querystring: dashboardQuery, response: page } }, async (request) => {
    const asked = request.query
    const query: DashboardQuery = {
      q: asked.q?.trim() ?? '',
      status: asked.status ?? '',
      placement: asked.placement ?? '',
      onlyAlerts: asked.alerts === 'only',
      sort: asked.sort ?? 'name',
      direction: asked.direction ?? 'asc',
      page: asked.page ?? 1,
    }
    const dashboard = await healthDashboard(
      app.database.db,
      {
        ...(query.q === '' ? {} : { text: query.q }),
        ...(query.status === '' ? {} : { status: query.status }),
        ...(query.placement === '' ? {} : { placement: query.placement }),
        onlyAlerts: query.onlyAlerts,
        sort: query.sort,
        direction: query.direction,
        page: query.page,
      },
      options.health,
    )
    return dashboardPage(request.page(), dashboard, query)
  })
}
