import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { isKindredError } from '@kindred/errors'
import { checkAccountLink, emailProblem, normaliseEmail, passwordLength, requestPasswordReset, resetPassword } from '@kindred/identity'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../form.ts'
import { tokenInPath } from '../link-logging.ts'
import { passwordResetRequestPage, passwordResetSentPage, type ResetRequestField } from '../pages/password-reset.ts'
import {
  passwordResetChoosePage,
  passwordResetDonePage,
  passwordResetInvalidPage,
  type NewPasswordField,
} from '../pages/password-reset-choose.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { sessionCookie } from '../visitor.ts'

const requestBody = formBody({ email: text(254) })
const newPasswordBody = formBody({ password: text(1024) })
const tokenParams = strictObject({ token: Type.String({ minLength: 1, maxLength: 200 }) })
const pageSchema = { hide: true, response: { 200: pageResponse, '4xx': pageResponse } }

const byAddress = (request: FastifyRequest): string => request.ip
// Counted under an HMAC of the key only (rateLimitCounter): the address is in no table and no log.
const byEmail = (request: FastifyRequest): string => normaliseEmail((request.body as { email: string }).email)

const isLinkInvalid = (error: unknown): boolean => isKindredError(error) && error.code === 'KINDRED_LINK_INVALID'

/** Whether a reset link still works, without using it. */
async function linkWorks(db: Kysely<HubDatabase>, token: string): Promise<boolean> {
  try {
    await checkAccountLink(db, 'reset_password', token)
    return true
  } catch (error) {
    if (isLinkInvalid(error)) return false
    throw error
  }
}

function requestForm({ t }: PageContext, email: string): FormState<ResetRequestField> {
  const form: FormState<ResetRequestField> = { values: { email }, errors: {} }
  const problem = emailProblem(email)
  if (problem === 'missing') form.errors.email = t('passwordReset.request.error.emailMissing')
  if (problem === 'malformed') form.errors.email = t('passwordReset.request.error.emailFormat')
  return form
}

function passwordForm({ t }: PageContext, password: string): FormState<NewPasswordField> {
  // The password is never sent back into the page.
  const form = emptyForm<NewPasswordField>()
  if (password === '') form.errors.password = t('passwordReset.choose.error.passwordMissing')
  else if (password.length < passwordLength.min)
    form.errors.password = t('passwordReset.choose.error.passwordTooShort', { min: passwordLength.min })
  else if (password.length > passwordLength.max)
    form.errors.password = t('passwordReset.choose.error.passwordTooLong', { max: passwordLength.max })
  return form
}

/**
 * Resetting a forgotten password: asking for a link by email (the same answer whatever the address), then
 * the page the link opens, which sets the new password, ends every session of the account, and sends the
 * visitor to sign in. Opening the link does not use it (mail scanners open links); sending the form does.
 * The limits are the API's (`/v1/auth/password-reset`), in the same budgets.
 */
export default async function passwordResetRoutes(app: TypeBoxApp): Promise<void> {
  const db = app.database.db
  const checkCsrf = csrfChecked(app)
  const perAddress = app.limit('passwordResetPerAddress', byAddress)

  app.get('/password-reset', { schema: pageSchema }, async (request) => passwordResetRequestPage(request.page(), emptyForm()))

  app.post(
    '/password-reset',
    {
      preValidation: checkCsrf,
      preHandler: app.rateLimits(perAddress, app.limit('passwordResetPerEmail', byEmail)),
      schema: { ...pageSchema, body: requestBody },
    },
    async (request, reply) => {
      const context = request.page()
      const form = requestForm(context, request.body.email)
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(passwordResetRequestPage(context, form))
      await requestPasswordReset(db, request.body.email)
      return reply.redirect('/password-reset/sent', 303)
    },
  )

  app.get('/password-reset/sent', { schema: pageSchema }, async (request) => passwordResetSentPage(request.page()))

  app.get('/password-reset/done', { schema: pageSchema }, async (request) => passwordResetDonePage(request.page()))

  app.get('/password-reset/:token', { ...tokenInPath, schema: { ...pageSchema, params: tokenParams } }, async (request, reply) => {
    const context = request.page()
    if (!(await linkWorks(db, request.params.token))) return reply.code(400).send(passwordResetInvalidPage(context))
    return passwordResetChoosePage(context, request.params.token, emptyForm())
  })

  app.post(
    '/password-reset/:token',
    {
      ...tokenInPath,
      preValidation: checkCsrf,
      preHandler: app.rateLimits(perAddress),
      schema: { ...pageSchema, params: tokenParams, body: newPasswordBody },
    },
    async (request, reply) => {
      const context = request.page()
      const { token } = request.params
      const form = passwordForm(context, request.body.password)
      if (Object.keys(form.errors).length > 0) {
        // A refused password leaves the link as it was: the visitor tries again on the same page.
        if (!(await linkWorks(db, token))) return reply.code(400).send(passwordResetInvalidPage(context))
        return reply.code(400).send(passwordResetChoosePage(context, token, form))
      }
      const reset = await resetPassword(db, token, request.body.password).catch((error: unknown) => {
        if (isLinkInvalid(error)) return null
        throw error
      })
      if (reset === null) return reply.code(400).send(passwordResetInvalidPage(context))
      app.sessionValidity.forget(reset.accountId)
      // This browser's session, if it was the account's, has ended with the others: its cookie goes too.
      if (context.visitor?.accountId === reset.accountId) void reply.clearCookie(sessionCookie, { path: '/' })
      return reply.redirect('/password-reset/done', 303)
    },
  )
}
