import { Type } from 'typebox'
import { banAccount, banHistory, getAccount, roleHistory, unbanAccount } from '@kindred/identity'
import { ownershipHandOverJob } from '@kindred/moderation'
import { dateTime, strictObject, type TypeBoxApp } from '../typebox.ts'
import { accountView } from '../auth/schemas.ts'

const accountParams = strictObject({ accountId: Type.String({ format: 'uuid' }) })
const banBody = strictObject({
  reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Recorded in the ban history' }),
})
const nullableId = Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
  description: 'null: an operator at the command line, or an erased account',
})
const accountReview = strictObject({
  account: Type.Ref('Account'),
  banned: Type.Boolean(),
  roleHistory: Type.Array(
    strictObject({
      role: Type.String(),
      change: Type.Union([Type.Literal('grant'), Type.Literal('revoke')]),
      changedBy: nullableId,
      changedAt: dateTime,
    }),
  ),
  banHistory: Type.Array(
    strictObject({
      action: Type.Union([Type.Literal('ban'), Type.Literal('unban')]),
      reason: Type.String(),
      actedBy: nullableId,
      actedAt: dateTime,
    }),
  ),
})
const staffOnly = { tags: ['admin'], security: [{ bearer: [] }] }

/** Staff review of an account: its roles and bans with their history, and network-wide bans. */
export default async function adminAccountRoutes(app: TypeBoxApp): Promise<void> {
  const review = async (accountId: string) => {
    const [account, roles, bans] = await Promise.all([
      getAccount(app.database.db, accountId),
      roleHistory(app.database.db, accountId),
      banHistory(app.database.db, accountId),
    ])
    return {
      account: accountView(account),
      banned: bans.at(-1)?.action === 'ban',
      roleHistory: roles.map((row) => ({
        role: row.role,
        change: row.change,
        changedBy: row.changed_by,
        changedAt: row.changed_at.toISOString(),
      })),
      banHistory: bans.map((row) => ({ ...row, actedAt: row.actedAt.toISOString() })),
    }
  }

  app.get(
    '/v1/admin/accounts/:accountId',
    {
      schema: {
        ...staffOnly,
        operationId: 'getAccount',
        summary: 'An account with the history of its network roles and bans; staff only',
        params: accountParams,
        response: { 200: accountReview },
      },
    },
    async (request) => {
      return review(request.params.accountId)
    },
  )

  app.post(
    '/v1/admin/accounts/:accountId/ban',
    {
      schema: {
        ...staffOnly,
        operationId: 'banAccount',
        summary: 'Ban an account from the whole network: it cannot sign in and every session ends at once; staff only',
        params: accountParams,
        body: banBody,
        response: { 200: accountReview },
      },
    },
    async (request) => {
      const actedBy = request.staffId()
      await banAccount(
        app.database.db,
        { accountId: request.params.accountId, reason: request.body.reason, actedBy },
        { handOver: ownershipHandOverJob },
      )
      app.sessionValidity.forget(request.params.accountId)
      return review(request.params.accountId)
    },
  )

  app.post(
    '/v1/admin/accounts/:accountId/unban',
    {
      schema: {
        ...staffOnly,
        operationId: 'unbanAccount',
        summary: 'Lift a network-wide ban; the account signs in again. Staff only',
        params: accountParams,
        body: banBody,
        response: { 200: accountReview },
      },
    },
    async (request) => {
      const actedBy = request.staffId()
      await unbanAccount(app.database.db, { accountId: request.params.accountId, reason: request.body.reason, actedBy })
      return review(request.params.accountId)
    },
  )
}
