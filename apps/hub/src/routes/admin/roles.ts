import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { grantRole, revokeRole, verifiedRoles, type Account } from '@kindred/identity'
import { accountView } from '../auth/schemas.ts'

const verifiedRole = Type.Union(verifiedRoles.map((role) => Type.Literal(role)))
const accountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
const roleParams = Type.Object({ accountId: Type.String({ format: 'uuid' }), role: verifiedRole }, { additionalProperties: false })
const grantBody = Type.Object({ role: verifiedRole }, { additionalProperties: false })
const accountResponse = { 200: Type.Object({ account: Type.Ref('Account') }, { additionalProperties: false }) }

const view = (account: Account) => ({ account: accountView(account) })

export default async function adminRoleRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: Static<typeof accountParams>; Body: Static<typeof grantBody> }>(
    '/v1/admin/accounts/:accountId/roles',
    {
      schema: {
        operationId: 'grantRole',
        summary: 'Grant a verified role (industry, health professional); staff only, recorded in the role history',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: accountParams,
        body: grantBody,
        response: accountResponse,
      },
    },
    async (request) => {
      const changedBy = await request.currentStaffId()
      return view(await grantRole(app.database.db, { accountId: request.params.accountId, role: request.body.role, changedBy }))
    },
  )

  app.delete<{ Params: Static<typeof roleParams> }>(
    '/v1/admin/accounts/:accountId/roles/:role',
    {
      schema: {
        operationId: 'revokeRole',
        summary: 'Revoke a verified role; staff only, recorded in the role history',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: roleParams,
        response: accountResponse,
      },
    },
    async (request) => {
      const changedBy = await request.currentStaffId()
      return view(await revokeRole(app.database.db, { accountId: request.params.accountId, role: request.params.role, changedBy }))
    },
  )
}
