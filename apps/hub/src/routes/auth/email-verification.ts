import { Type } from 'typebox'
import { confirmEmail } from '@kindred/identity'
import { strictObject, type TypeBoxApp } from '../typebox.ts'

const verifyBody = strictObject({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of the mailed link, the last part of its path' }),
})

/**
 * Confirming an address with the token of a mailed link. No access token is needed: the link proves the
 * mailbox, and it may be opened on another device than the one signed in.
 */
export default async function emailVerificationRoutes(app: TypeBoxApp): Promise<void> {
  app.post(
    '/v1/auth/verify-email',
    {
      schema: {
        operationId: 'verifyEmail',
        security: [],
        summary:
          "Confirm an address with the token of a verification link (400 KINDRED_LINK_INVALID if unknown, used or expired); a link to a new address makes it the account's",
        tags: ['auth'],
        body: verifyBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { accountId } = await confirmEmail(app.database.db, request.body.token)
      app.profiles.forget(accountId)
      return reply.code(204).send(null)
    },
  )
}
