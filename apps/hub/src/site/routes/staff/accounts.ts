import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import {
  accountIdByEmail,
  accountProfile,
  banAccount,
  banHistory,
  grantRole,
  revokeRole,
  roleHistory,
  unbanAccount,
  verifiedRoles,
} from '@kindred/identity'
import { findAccountByPseudonym, staffLookupReasonMax } from '@kindred/membership'
import { ownershipHandOverJob } from '@kindred/moderation'
import type { MessageId } from '@kindred/i18n'
import { literalUnion, strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import type { PageContext } from '../../context.ts'
import { csrfChecked } from '../../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../../form.ts'
import { accountPage, findAccountPage, staffAccountPath, type AccountField, type FindField } from '../../pages/staff-accounts.ts'
import { formBody, text } from '../../schemas.ts'
import { page } from '../moderate-schemas.ts'
import { reasonProblem } from './communities.ts'

const accountParams = strictObject({ accountId: Type.String({ format: 'uuid' }) })
const roleParams = strictObject({ accountId: Type.String({ format: 'uuid' }), role: literalUnion(verifiedRoles) })
const doneCodes = ['granted', 'revoked', 'banned', 'unbanned'] as const
type Done = (typeof doneCodes)[number]
const doneMessages: Record<Done, MessageId> = {
  granted: 'staff.accounts.done.granted',
  revoked: 'staff.accounts.done.revoked',
  banned: 'staff.accounts.done.banned',
  unbanned: 'staff.accounts.done.unbanned',
}
const findQuery = strictObject({ email: Type.Optional(text(320)) })
const lookupForm = formBody({ slug: text(100), pseudonym: text(200), reason: text(staffLookupReasonMax * 2) })
const reasonForm = formBody({ reason: text(staffLookupReasonMax * 2) })
// Any text: a role the console does not offer is the form's error to explain, not a bare 400.
const roleForm = formBody({ role: text(40) })
const emailShape = /^[^\s@]+@[^\s@]+$/u

const isNotFound = (error: unknown): boolean => isKindredError(error) && error.code === 'KINDRED_NOT_FOUND'

/** Accounts: finding one by email or by pseudonym in a community (audited), its page, roles and bans. */
export default async function staffAccountRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const { db } = app.database

  app.get('/staff/accounts', { schema: { hide: true, querystring: findQuery, response: page } }, async (request, reply) => {
    const context = request.page()
    const email = request.query.email?.trim()
    if (email === undefined) return findAccountPage(context, { form: emptyForm() })
    const form: FormState<FindField> = { values: { email }, errors: {} }
    if (!emailShape.test(email)) {
      form.errors.email = context.t('staff.accounts.error.emailInvalid')
      return reply.code(400).send(findAccountPage(context, { form }))
    }
    try {
      return await reply.redirect(staffAccountPath(await accountIdByEmail(db, email)), 303)
    } catch (error) {
      if (!isNotFound(error)) throw error
      form.errors.email = context.t('staff.accounts.error.noSuchEmail')
      return reply.code(404).send(findAccountPage(context, { form }))
    }
  })

  app.post(
    '/staff/accounts/lookup',
    { preValidation: checkCsrf, schema: { hide: true, body: lookupForm, response: page } },
    async (request, reply) => {
      const context = request.page()
      const { slug, pseudonym, reason } = request.body
      const form: FormState<FindField> = { values: { slug, pseudonym, reason }, errors: {} }
      if (slug.trim() === '') form.errors.slug = context.t('staff.accounts.error.slugMissing')
      if (pseudonym.trim() === '') form.errors.pseudonym = context.t('staff.accounts.error.pseudonymMissing')
      const problem = reasonProblem(context, reason)
      if (problem !== undefined) form.errors.reason = problem
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(findAccountPage(context, { form }))
      try {
        const deps = { hub: db, placements: app.placements }
        const accountId = await findAccountByPseudonym(deps, { slug: slug.trim(), pseudonym, staffId: request.staffId(), reason })
        return await reply.redirect(staffAccountPath(accountId), 303)
      } catch (error) {
        if (!isNotFound(error)) throw error
        form.errors.pseudonym = context.t('staff.accounts.error.noSuchMember')
        return reply.code(404).send(findAccountPage(context, { form }))
      }
    },
  )

  async function showAccount(context: PageContext, accountId: string, form: FormState<AccountField>, done: string | null) {
    const [profile, roles, bans] = await Promise.all([accountProfile(db, accountId), roleHistory(db, accountId), banHistory(db, accountId)])
    return accountPage(context, {
      account: profile.account,
      banned: bans.at(-1)?.action === 'ban',
      roleHistory: roles,
      banHistory: bans,
      memberships: profile.memberships,
      verifiedRoles,
      form,
      done,
    })
  }

  app.get(
    '/staff/accounts/:accountId',
    {
      schema: {
        hide: true,
        params: accountParams,
        querystring: strictObject({ done: Type.Optional(literalUnion(doneCodes)) }),
        response: page,
      },
    },
    async (request) => {
      const context = request.page()
      const { done } = request.query
      return showAccount(context, request.params.accountId, emptyForm(), done === undefined ? null : context.t(doneMessages[done]))
    },
  )

  const done = (accountId: string, code: Done) => `${staffAccountPath(accountId)}?done=${code}`

  app.post(
    '/staff/accounts/:accountId/roles',
    { preValidation: checkCsrf, schema: { hide: true, params: accountParams, body: roleForm, response: page } },
    async (request, reply) => {
      const context = request.page()
      const { accountId } = request.params
      const role = verifiedRoles.find((known) => known === request.body.role)
      if (role === undefined) {
        const form: FormState<AccountField> = { values: {}, errors: { role: context.t('staff.accounts.error.roleUnknown') } }
        return reply.code(400).send(await showAccount(context, accountId, form, null))
      }
      await grantRole(db, { accountId, role, changedBy: request.staffId() })
      return reply.redirect(done(accountId, 'granted'), 303)
    },
  )

  app.post(
    '/staff/accounts/:accountId/roles/:role/revoke',
    { preValidation: checkCsrf, schema: { hide: true, params: roleParams, body: formBody({}), response: page } },
    async (request, reply) => {
      const { accountId, role } = request.params
      await revokeRole(db, { accountId, role, changedBy: request.staffId() })
      return reply.redirect(done(accountId, 'revoked'), 303)
    },
  )

  for (const ban of [true, false]) {
    app.post(
      `/staff/accounts/:accountId/${ban ? 'ban' : 'unban'}`,
      { preValidation: checkCsrf, schema: { hide: true, params: accountParams, body: reasonForm, response: page } },
      async (request, reply) => {
        const context = request.page()
        const { accountId } = request.params
        const problem = reasonProblem(context, request.body.reason)
        if (problem !== undefined) {
          const form: FormState<AccountField> = { values: { reason: request.body.reason }, errors: { reason: problem } }
          return reply.code(400).send(await showAccount(context, accountId, form, null))
        }
        const change = { accountId, reason: request.body.reason.trim(), actedBy: request.staffId() }
        if (ban) {
          await banAccount(db, change, { handOver: ownershipHandOverJob })
          // Every session ends at once in this process too, as the API route does.
          app.sessionValidity.forget(accountId)
        } else await unbanAccount(db, change)
        return reply.redirect(done(accountId, ban ? 'banned' : 'unbanned'), 303)
      },
    )
  }
}
