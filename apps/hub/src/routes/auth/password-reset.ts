import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { normaliseEmail, requestPasswordReset, resetPassword } from '@kindred/identity'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { email, password } from './schemas.ts'

const requestBody = strictObject({ email })
const confirmBody = strictObject({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of the mailed link, the last part of its path' }),
  password,
})
const requested = strictObject(
  { status: Type.Literal('accepted') },
  { description: 'The same answer whether or not an account has the address' },
)

const byAddress = (request: FastifyRequest): string => request.ip
// The counter keeps only an HMAC of the key (rateLimitCounter), so no table or log holds the address.
const byEmail = (request: FastifyRequest): string => normaliseEmail((request.body as { email: string }).email)

/**
 * Asking for a password reset and setting the new password with the mailed link, as the site's pages do.
 * Asking answers 202 whatever the address, so it tells no one which addresses have accounts.
 */
export default async function passwordResetRoutes(app: TypeBoxApp): Promise<void> {
  app.post(
    '/v1/auth/password-reset',
    {
      // Per address against one sender trying many emails; per email against flooding one inbox from many.
      preHandler: app.rateLimits(app.limit('passwordResetPerAddress', byAddress), app.limit('passwordResetPerEmail', byEmail)),
      schema: {
        operationId: 'requestPasswordReset',
        security: [],
        summary: 'Mail a link to choose a new password (valid 30 minutes, once) if an account has this email; 202 either way',
        tags: ['auth'],
        body: requestBody,
        response: { 202: requested },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(app.database.db, request.body.email)
      return reply.code(202).send({ status: 'accepted' as const })
    },
  )

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      preHandler: app.rateLimits(app.limit('passwordResetPerAddress', byAddress)),
      schema: {
        operationId: 'confirmPasswordReset',
        security: [],
        summary:
          'Set a new password with the token of a reset link (400 KINDRED_LINK_INVALID if unknown, used or expired); every session and token of the account ends',
        tags: ['auth'],
        body: confirmBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { accountId } = await resetPassword(app.database.db, request.body.token, request.body.password)
      app.sessionValidity.forget(accountId)
      return reply.code(204).send(null)
    },
  )
}
