import type { FastifyReply, FastifyRequest } from 'fastify'
import { getAccount } from '@kindred/identity'
import { KindredError } from '@kindred/errors'
import type { TypeBoxApp } from '../routes/typebox.ts'
import { signInPath } from './sign-in-first.ts'
import { visitorOf } from './visitor.ts'

/**
 * The onRequest hook of every staff console page and form, run before the request is even read (so a
 * member learns nothing from a 400 either): signed out, sign in first; an account that is not network staff
 * gets 403, the API's refusal. The role is read afresh, not from the profile cache, so a revoked role
 * closes the console at once. Handlers take the staff id from `request.staffId()`, as the API's do.
 */
export function staffOnly(app: TypeBoxApp) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const visitor = await visitorOf(app, request)
    if (visitor === null) {
      await reply.redirect(signInPath(request.method === 'GET' ? request.url : '/staff'), 303)
      return
    }
    const account = await getAccount(app.database.db, visitor.accountId)
    if (!account.roles.includes('staff')) throw new KindredError('KINDRED_FORBIDDEN', 'This is for network staff only')
    request.kindredStaffId = visitor.accountId
  }
}
