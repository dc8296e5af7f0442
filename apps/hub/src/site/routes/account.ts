import type { FastifyReply, FastifyRequest } from 'fastify'
import { isKindredError } from '@kindred/errors'
import {
  authenticate,
  displayNameMaxLength,
  endWebSession,
  passwordLength,
  registrationProblems,
  requestRegistration,
  sessionLifetimeSeconds,
  startWebSession,
  type RegistrationProblem,
} from '@kindred/identity'
import { Type } from 'typebox'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { limitedSignIn } from '../../routes/auth/login-limits.ts'
import type { PageContext } from '../context.ts'
import { emptyForm, type FormState } from '../form.ts'
import { browserCookie, csrfChecked } from '../csrf-and-cookies.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { signInPage, type SignInField } from '../pages/sign-in.ts'
import { signUpPage, type SignUpField } from '../pages/sign-up.ts'
import { localPath } from '../sign-in-first.ts'
import { sessionCookie } from '../visitor.ts'

const signInBody = formBody({ email: text(254), password: text(1024), next: Type.Optional(localPath) })
const signInQuery = strictObject({ next: Type.Optional(localPath) })
const signUpBody = formBody({ displayName: text(200), email: text(254), password: text(1024) })
const signOutBody = formBody({})

const byAddress = (request: FastifyRequest): string => request.ip

// The session cookie lives as long as the session it names.
async function signInAs(app: TypeBoxApp, request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<void> {
  const session = await startWebSession(app.database.db, accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('the account was erased while signing in')
  void reply.setCookie(sessionCookie, session.token, browserCookie(request, { expires: session.expiresAt }))
}

function problemMessage({ t }: PageContext, { field, problem }: RegistrationProblem): string {
  if (field === 'displayName')
    return problem === 'missing' ? t('signUp.error.nameMissing') : t('signUp.error.nameTooLong', { max: displayNameMaxLength })
  if (field === 'email') return problem === 'missing' ? t('signUp.error.emailMissing') : t('signUp.error.emailFormat')
  return problem === 'tooShort'
    ? t('signUp.error.passwordTooShort', { min: passwordLength.min })
    : t('signUp.error.passwordTooLong', { max: passwordLength.max })
}

/**
 * Signing in, creating an account (which signs nobody in: the visitor is sent to check their inbox) and
 * signing out: each form answered with a redirect when it worked.
 */
export default async function accountRoutes(app: TypeBoxApp): Promise<void> {
  const signIn = limitedSignIn(app)
  const checkCsrf = csrfChecked(app)

  app.get(
    '/sign-in',
    { schema: { hide: true, querystring: signInQuery, response: { 200: pageResponse, '4xx': pageResponse } } },
    async (request) => signInPage(request.page(), emptyForm<SignInField>(), request.query.next),
  )

  app.post(
    '/sign-in',
    {
      preValidation: checkCsrf,
      preHandler: app.rateLimits(app.limit('loginPerAddress', byAddress)),
      schema: { hide: true, body: signInBody, response: { 200: pageResponse, '4xx': pageResponse } },
    },
    async (request, reply) => {
      const context = request.page()
      const { email, password, next } = request.body
      const form: FormState<SignInField> = { values: { email }, errors: {} }
      if (email.trim() === '') form.errors.email = context.t('signIn.error.emailMissing')
      if (password === '') form.errors.password = context.t('signIn.error.passwordMissing')
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(signInPage(context, form, next))
      const account = await signIn(request, email, () => authenticate(app.database.db, { email, password })).catch((error: unknown) => {
        if (!isKindredError(error) || error.code !== 'KINDRED_INVALID_CREDENTIALS') throw error
        return null
      })
      if (account === null) {
        form.errors.email = context.t('signIn.error.wrongCredentials')
        return reply.code(401).send(signInPage(context, form, next))
      }
      await signInAs(app, request, reply, account.id)
      return reply.redirect(next ?? '/', 303)
    },
  )

  app.get('/sign-up', { schema: { hide: true, response: { 200: pageResponse, '4xx': pageResponse } } }, async (request) =>
    signUpPage(request.page(), emptyForm<SignUpField>()),
  )

  app.post(
    '/sign-up',
    {
      preValidation: checkCsrf,
      preHandler: app.rateLimits(app.limit('registerPerAddress', byAddress)),
      schema: { hide: true, body: signUpBody, response: { 200: pageResponse, '4xx': pageResponse } },
    },
    async (request, reply) => {
      const context = request.page()
      const { displayName, email, password } = request.body
      const form: FormState<SignUpField> = { values: { displayName, email }, errors: {} }
      for (const problem of registrationProblems(request.body)) form.errors[problem.field] ??= problemMessage(context, problem)
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(signUpPage(context, form))
      // The same answer whether the address was new or taken (its owner is mailed instead): not signed in,
      // which would tell the two apart, and told to look in the inbox.
      await requestRegistration(app.database.db, { displayName, email, password, language: context.i18n.locale })
      return reply.redirect('/sign-up/check-inbox', 303)
    },
  )

  app.post('/sign-out', { preValidation: checkCsrf, schema: { hide: true, body: signOutBody } }, async (request, reply) => {
    const token = request.cookies[sessionCookie]
    if (token !== undefined) await endWebSession(app.database.db, token)
    // Every other hub hears of it; this one must not serve the session from memory until it does.
    const accountId = request.page().visitor?.accountId
    if (accountId !== undefined) app.sessionValidity.forget(accountId)
    void reply.clearCookie(sessionCookie, { path: '/' })
    return reply.redirect('/', 303)
  })
}
