import { Type } from 'typebox'
import { grantRole, revokeRole, verifiedRoles, type Account } from '@kindred/identity'
import { literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { accountView } from '../auth/schemas.ts'

const verifiedRole = literalUnion(verifiedRoles)
const accountParams = strictObject({ accountId: Type.String({ format: 'uuid' }) })
const roleParams = strictObject({ accountId: Type.String({ format: 'uuid' }), role: verifiedRole })
const grantBody = strictObject({ role: verifiedRole })
const accountResponse = { 200: strictObject({ account: Type.Ref('Account') }) }

const view = (account: Account) => ({ account: accountView(account) })

export default async function adminRoleRoutes(app: TypeBoxApp): Promise<void> {
  app.post(
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
      const changedBy = request.staffId()
      return view(await grantRole(app.database.db, { accountId: request.params.accountId, role: request.body.role, changedBy }))
    },
  )

  app.delete(
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
      const changedBy = request.staffId()
      return view(await revokeRole(app.database.db, { accountId: request.params.accountId, role: request.params.role, changedBy }))
    },
  )
}
