import { Type } from 'typebox'
import { requestEmailChange, requestVerification } from '@kindred/identity'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { email } from '../auth/schemas.ts'
import { passwordCheckLimits } from './password-check-limits.ts'

const emailChangeBody = strictObject({ email, password: Type.String({ maxLength: 256 }) })
const accepted = strictObject(
  { status: Type.Literal('checkYourMail') },
  { description: 'The same answer whatever becomes of the mail: it says nothing of other accounts' },
)
const signedIn = { tags: ['me'], security: [{ bearer: [] }] }

/** The account's address: the link that confirms it sent again, and changing it (confirmed by a link to the new one). */
export default async function myEmailRoutes(app: TypeBoxApp): Promise<void> {
  const verificationMails = app.rateLimits(app.limit('verificationMailPerAccount', (request) => request.currentAccountId()))

  app.post(
    '/v1/me/verification',
    {
      preHandler: verificationMails,
      schema: {
        ...signedIn,
        operationId: 'resendEmailVerification',
        summary: "Mail a new link to confirm the account's address (24 hours, once); nothing when it is confirmed already",
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await requestVerification(app.database.db, await request.currentAccountId())
      return reply.code(202).send({ status: 'checkYourMail' as const })
    },
  )

  app.put(
    '/v1/me/email',
    {
      preHandler: [passwordCheckLimits(app), verificationMails],
      schema: {
        ...signedIn,
        operationId: 'changeMyEmail',
        summary:
          "Change the account's address, with its password: the new address gets a link and becomes the account's once it is used; the current one is told. An address another account has gets nothing, and the answer is the same",
        body: emailChangeBody,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await requestEmailChange(app.database.db, await request.currentAccountId(), request.body)
      return reply.code(202).send({ status: 'checkYourMail' as const })
    },
  )
}
