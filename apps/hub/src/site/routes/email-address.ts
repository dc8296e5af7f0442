import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { checkAccountLink, confirmEmail, emailProblem, requestEmailChange, requestVerification } from '@kindred/identity'
import { strictObject, literalUnion, type TypeBoxApp } from '../../routes/typebox.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../form.ts'
import { accountEmailPage, type AccountEmailView, type EmailChangeField } from '../pages/account-email.ts'
import { checkInboxPage } from '../pages/check-inbox.ts'
import { emailConfirmedPage, verifyEmailPage, verifyLinkInvalidPage } from '../pages/verify-email.ts'
import { tokenInPath } from '../link-logging.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { signedInOrRedirect } from '../sign-in-first.ts'

const tokenParams = strictObject({ token: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) })
const emailChangeBody = formBody({ email: text(1000), password: text(1024) })
const emptyBody = formBody({})
const emailQuery = strictObject({ done: Type.Optional(literalUnion(['changeRequested', 'verificationSent'])) })
const pageSchema = { hide: true, response: { 200: pageResponse, '4xx': pageResponse } }

const isRefusal = (error: unknown, code: string): boolean => isKindredError(error) && error.code === code

/**
 * The pages of an account's address: after creating an account ("check your inbox"), the page a
 * verification link opens and its confirmation, asking for the link again, and changing the address; each
 * calls the package function the API's routes call.
 */
export default async function emailAddressPageRoutes(app: TypeBoxApp): Promise<void> {
  const db = app.database.db
  const checkCsrf = csrfChecked(app)
  const verificationMails = (request: FastifyRequest, accountId: string) =>
    app.rateLimits(app.limit('verificationMailPerAccount', () => accountId))(request)
  // The API's budget for checking the password, per address and per account.
  const passwordChecks = (request: FastifyRequest, accountId: string) =>
    app.rateLimits(
      app.limit('passwordCheckPerAddress', () => request.ip),
      app.limit('passwordCheckPerAccount', () => accountId),
    )(request)

  app.get('/sign-up/check-inbox', { schema: pageSchema }, async (request) => checkInboxPage(request.page()))

  // Opening the link only shows the button: a scanner fetching links in mail must not use it up.
  app.get('/verify-email/:token', { ...tokenInPath, schema: { ...pageSchema, params: tokenParams } }, async (request, reply) => {
    const valid = await checkAccountLink(db, 'verify_email', request.params.token).then(
      () => true,
      (error: unknown) => {
        if (isRefusal(error, 'KINDRED_LINK_INVALID')) return false
        throw error
      },
    )
    if (!valid) return reply.code(400).send(verifyLinkInvalidPage(request.page()))
    return verifyEmailPage(request.page(), request.params.token)
  })

  app.post(
    '/verify-email/:token',
    { ...tokenInPath, preValidation: checkCsrf, schema: { ...pageSchema, params: tokenParams, body: emptyBody } },
    async (request, reply) => {
      const confirmed = await confirmEmail(db, request.params.token).then(
        ({ accountId }) => accountId,
        (error: unknown) => {
          if (isRefusal(error, 'KINDRED_LINK_INVALID')) return null
          throw error
        },
      )
      if (confirmed === null) return reply.code(400).send(verifyLinkInvalidPage(request.page()))
      app.profiles.forget(confirmed)
      return reply.redirect('/email-confirmed', 303)
    },
  )

  app.get('/email-confirmed', { schema: pageSchema }, async (request) => emailConfirmedPage(request.page()))

  app.post('/account/verification', { preValidation: checkCsrf, schema: { ...pageSchema, body: emptyBody } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply, '/account/email')
    if (visitor === null) return reply
    await verificationMails(request, visitor.accountId)
    await requestVerification(db, visitor.accountId, request.page().i18n.locale)
    return reply.redirect('/account/email?done=verificationSent', 303)
  })

  const emailView = async (accountId: string, form: FormState<EmailChangeField>, done: AccountEmailView['done'] = null) => {
    const { account, emailVerified } = await app.profiles.find(accountId)
    return { email: account.email, verified: emailVerified, form, done }
  }

  app.get('/account/email', { schema: { ...pageSchema, querystring: emailQuery } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    return accountEmailPage(request.page(), await emailView(visitor.accountId, emptyForm(), request.query.done ?? null))
  })

  app.post('/account/email', { preValidation: checkCsrf, schema: { ...pageSchema, body: emailChangeBody } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply, '/account/email')
    if (visitor === null) return reply
    const context = request.page()
    const { email, password } = request.body
    const form: FormState<EmailChangeField> = { values: { email }, errors: {} }
    const problem = emailProblem(email)
    if (problem !== null)
      form.errors.email = context.t(problem === 'missing' ? 'accountEmail.error.emailMissing' : 'accountEmail.error.emailFormat')
    if (password === '') form.errors.password = context.t('accountEmail.error.passwordMissing')
    if (Object.keys(form.errors).length > 0)
      return reply.code(400).send(accountEmailPage(context, await emailView(visitor.accountId, form)))
    await passwordChecks(request, visitor.accountId)
    await verificationMails(request, visitor.accountId)
    const wrongPassword = await requestEmailChange(db, visitor.accountId, { email, password, language: context.i18n.locale }).then(
      () => false,
      (error: unknown) => {
        if (isRefusal(error, 'KINDRED_INVALID_CREDENTIALS')) return true
        throw error
      },
    )
    if (wrongPassword) {
      form.errors.password = context.t('accountEmail.error.passwordWrong')
      return reply.code(401).send(accountEmailPage(context, await emailView(visitor.accountId, form)))
    }
    return reply.redirect('/account/email?done=changeRequested', 303)
  })
}
