import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import {
  changePassword,
  disclosureNatures,
  endWebSession,
  listDisclosures,
  maxDisclosures,
  passwordLength,
  replaceDisclosures,
  sessionLifetimeSeconds,
  startWebSession,
  type Disclosure,
} from '@kindred/identity'
import { incubatorMailChoice, setIncubatorMailChoice } from '@kindred/incubator'
import { exportAccount, requestErasure } from '@kindred/personal-data'
import { accountView } from '../../routes/auth/schemas.ts'
import { literalUnion, strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import type { PageContext, Visitor } from '../context.ts'
import { browserCookie, csrfChecked } from '../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../form.ts'
import { accountDataPage } from '../pages/account-data.ts'
import { accountDisclosuresPage, type DisclosureField } from '../pages/account-disclosures.ts'
import { accountErasePage, accountErasedPage, type EraseField } from '../pages/account-erase.ts'
import { accountOverviewPage } from '../pages/account-overview.ts'
import { accountPasswordPage, type PasswordField } from '../pages/account-password.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { signedInOrRedirect } from '../sign-in-first.ts'
import { sessionCookie } from '../visitor.ts'

// Bounds on what a form may send at all; the rules on each field are the packages', checked below.
const passwordBody = formBody({ currentPassword: text(1024), newPassword: text(1024) })
const disclosureBody = formBody({
  action: literalUnion(['add', 'remove']),
  organisation: text(1000),
  nature: text(100),
  since: text(100),
})
const eraseBody = formBody({ password: text(1024), confirm: Type.Optional(Type.Literal('yes')) })
const downloadBody = formBody({})
const incubatorMailBody = formBody({ incubatorMail: Type.Optional(Type.Literal('on')) })
const overviewQuery = strictObject({ done: Type.Optional(literalUnion(['password', 'incubatorMail'])) })
const disclosuresQuery = strictObject({ done: Type.Optional(literalUnion(['added', 'removed'])) })

// hub.disclosures' own check on the organisation's length, as the API's schema has it too.
const organisationMaxLength = 200

// The page each form is on, where a visitor whose session ended before they sent it comes back to once
// signed in again; the others are on the page of their own path.
const formPages: Readonly<Record<string, string>> = { '/account/data/download': '/account/data' }

const pageSchema = { hide: true, response: { 200: pageResponse, '4xx': pageResponse } }

/** The visitor of a page of `signedInPages`, whose hook has sent anyone else to sign in. */
function signedIn(request: FastifyRequest): Visitor {
  const { visitor } = request.page()
  if (visitor === null) throw new Error('an account page without a signed-in visitor')
  return visitor
}

/** The browser's session token, which `signedIn` found a session for. */
const sessionToken = (request: FastifyRequest): string => request.cookies[sessionCookie] ?? ''

const isRefusal = (error: unknown, code: string): boolean => isKindredError(error) && error.code === code

// `since` as the date input sends it: empty, or a real calendar day (`YYYY-MM-DD`, as the API's `date` format).
function sinceOf(since: string): string | null | undefined {
  if (since === '') return null
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) return undefined
  const day = new Date(`${since}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(since) ? since : undefined
}

function newDisclosure(
  { t }: PageContext,
  current: readonly Disclosure[],
  body: { organisation: string; nature: string; since: string },
): { disclosure: Disclosure } | { form: FormState<DisclosureField> } {
  const organisation = body.organisation.trim()
  const nature = disclosureNatures.find((known) => known === body.nature)
  const since = sinceOf(body.since.trim())
  const form: FormState<DisclosureField> = { values: body, errors: {} }
  if (organisation === '') form.errors.organisation = t('account.disclosures.error.organisationMissing')
  else if (organisation.length > organisationMaxLength)
    form.errors.organisation = t('account.disclosures.error.organisationTooLong', { max: organisationMaxLength })
  else if (current.length >= maxDisclosures) form.errors.organisation = t('account.disclosures.error.tooMany', { max: maxDisclosures })
  if (nature === undefined) form.errors.nature = t('account.disclosures.error.natureMissing')
  if (since === undefined) form.errors.since = t('account.disclosures.error.sinceFormat')
  if (nature === undefined || since === undefined || Object.keys(form.errors).length > 0) return { form }
  return { disclosure: { organisation, nature, since } }
}

/**
 * The signed-in account's own pages: its overview, changing its password, its industry-relationship
 * disclosures, downloading its data and erasing it, each calling the package function the API's
 * `/v1/me` routes call. A visitor who is not signed in is sent to sign in; the page saying the account is
 * being erased is for a visitor whose session has just ended.
 */
export default async function myAccountRoutes(app: TypeBoxApp): Promise<void> {
  app.get('/account/erased', { schema: { hide: true, response: { 200: pageResponse } } }, async (request) =>
    accountErasedPage(request.page()),
  )
  await app.register(signedInPages)
}

async function signedInPages(app: TypeBoxApp): Promise<void> {
  const db = app.database.db
  const checkCsrf = csrfChecked(app)
  // The API's budget for checking the password (changing it, erasing the account): per address and per account.
  const passwordChecks = app.rateLimits(
    app.limit('passwordCheckPerAddress', (request) => request.ip),
    app.limit('passwordCheckPerAccount', (request) => signedIn(request).accountId),
  )

  app.addHook('preHandler', async (request, reply) => {
    const path = request.routeOptions.url ?? '/account'
    if (signedInOrRedirect(request, reply, formPages[path] ?? path) === null) return reply
  })

  app.get('/account', { schema: { ...pageSchema, querystring: overviewQuery } }, async (request) => {
    const visitor = signedIn(request)
    const { account } = await app.profiles.find(visitor.accountId)
    return accountOverviewPage(request.page(), {
      displayName: account.displayName,
      email: account.email,
      communities: visitor.communities,
      incubatorMail: await incubatorMailChoice(db, visitor.accountId),
      done: request.query.done ?? null,
    })
  })

  // An unticked checkbox sends nothing: its absence is the choice to stop.
  app.post(
    '/account/incubator-mail',
    { preValidation: checkCsrf, schema: { ...pageSchema, body: incubatorMailBody } },
    async (request, reply) => {
      await setIncubatorMailChoice(db, signedIn(request).accountId, request.body.incubatorMail === 'on')
      return reply.redirect('/account?done=incubatorMail', 303)
    },
  )

  app.get('/account/password', { schema: pageSchema }, async (request) => accountPasswordPage(request.page(), emptyForm<PasswordField>()))

  app.post(
    '/account/password',
    { preValidation: checkCsrf, preHandler: passwordChecks, schema: { ...pageSchema, body: passwordBody } },
    async (request, reply) => {
      const context = request.page()
      const { accountId } = signedIn(request)
      const { currentPassword, newPassword } = request.body
      const form = emptyForm<PasswordField>()
      if (currentPassword === '') form.errors.currentPassword = context.t('account.password.error.currentMissing')
      if (newPassword === '') form.errors.newPassword = context.t('account.password.error.newMissing')
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(accountPasswordPage(context, form))
      const refusal = await changePassword(db, accountId, { currentPassword, newPassword }).then(
        () => null,
        (error: unknown) => {
          if (isRefusal(error, 'KINDRED_INVALID_CREDENTIALS')) return 'wrongPassword' as const
          if (isRefusal(error, 'KINDRED_VALIDATION_FAILED')) return 'newPasswordLength' as const
          throw error
        },
      )
      if (refusal === 'wrongPassword') {
        form.errors.currentPassword = context.t('account.password.error.currentWrong')
        return reply.code(401).send(accountPasswordPage(context, form))
      }
      if (refusal === 'newPasswordLength') {
        form.errors.newPassword =
          newPassword.length < passwordLength.min
            ? context.t('account.password.error.newTooShort', { min: passwordLength.min })
            : context.t('account.password.error.newTooLong', { max: passwordLength.max })
        return reply.code(400).send(accountPasswordPage(context, form))
      }
      return keepSignedIn(app, request, reply, accountId)
    },
  )

  app.get('/account/disclosures', { schema: { ...pageSchema, querystring: disclosuresQuery } }, async (request) =>
    accountDisclosuresPage(request.page(), {
      disclosures: await listDisclosures(db, signedIn(request).accountId),
      form: emptyForm<DisclosureField>(),
      done: request.query.done ?? null,
    }),
  )

  app.post(
    '/account/disclosures',
    { preValidation: checkCsrf, schema: { ...pageSchema, body: disclosureBody } },
    async (request, reply) => {
      const context = request.page()
      const { accountId } = signedIn(request)
      const { action, ...fields } = request.body
      const current = await listDisclosures(db, accountId)
      if (action === 'remove') {
        const index = current.findIndex(
          ({ organisation, nature, since }) =>
            organisation === fields.organisation && nature === fields.nature && (since ?? '') === fields.since,
        )
        // Already gone (removed from another page): the list is as the visitor wanted it.
        if (index !== -1) {
          await replaceDisclosures(db, accountId, current.toSpliced(index, 1))
        }
        return reply.redirect('/account/disclosures?done=removed', 303)
      }
      const added = newDisclosure(context, current, fields)
      if ('form' in added)
        return reply.code(400).send(accountDisclosuresPage(context, { disclosures: current, form: added.form, done: null }))
      await replaceDisclosures(db, accountId, [...current, added.disclosure])
      return reply.redirect('/account/disclosures?done=added', 303)
    },
  )

  app.get('/account/data', { schema: pageSchema }, async (request) => accountDataPage(request.page()))

  app.post('/account/data/download', { preValidation: checkCsrf, schema: { hide: true, body: downloadBody } }, async (request, reply) => {
    const document = await exportAccount({ hub: db, placements: app.placements }, signedIn(request).accountId)
    void reply.header('content-disposition', 'attachment; filename="kindred-export.json"')
    void reply.type('application/json; charset=utf-8')
    return reply.send(JSON.stringify({ ...document, account: accountView(document.account) }))
  })

  app.get('/account/erase', { schema: pageSchema }, async (request) => accountErasePage(request.page(), emptyForm<EraseField>()))

  app.post(
    '/account/erase',
    { preValidation: checkCsrf, preHandler: passwordChecks, schema: { ...pageSchema, body: eraseBody } },
    async (request, reply) => {
      const context = request.page()
      const { accountId } = signedIn(request)
      const { password, confirm } = request.body
      const form: FormState<EraseField> = { values: confirm === undefined ? {} : { confirm }, errors: {} }
      if (password === '') form.errors.password = context.t('account.erase.error.passwordMissing')
      if (confirm === undefined) form.errors.confirm = context.t('account.erase.error.confirmMissing')
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(accountErasePage(context, form))
      const wrongPassword = await requestErasure(db, { accountId, password }).then(
        () => false,
        (error: unknown) => {
          if (isRefusal(error, 'KINDRED_INVALID_CREDENTIALS')) return true
          throw error
        },
      )
      if (wrongPassword) {
        form.errors.password = context.t('account.erase.error.passwordWrong')
        return reply.code(401).send(accountErasePage(context, form))
      }
      app.sessionValidity.forget(accountId)
      await endWebSession(db, sessionToken(request))
      void reply.clearCookie(sessionCookie, { path: '/' })
      return reply.redirect('/account/erased', 303)
    },
  )
}

/**
 * After a password change, which ends every session of the account (web sessions too), as the API hands
 * its client a new session: this browser's session is replaced by one begun after the change, so the
 * member who changed it stays signed in here and nowhere else.
 */
async function keepSignedIn(app: TypeBoxApp, request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<FastifyReply> {
  app.sessionValidity.forget(accountId)
  await endWebSession(app.database.db, sessionToken(request))
  const session = await startWebSession(app.database.db, accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('the account was erased while changing its password')
  void reply.setCookie(sessionCookie, session.token, browserCookie(request, { expires: session.expiresAt }))
  return reply.redirect('/account?done=password', 303)
}
