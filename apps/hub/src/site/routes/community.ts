import type { FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { currentCharter } from '@kindred/charter'
import { isModerator } from '@kindred/community'
import { isKindredError, KindredError } from '@kindred/errors'
import { acceptCharter, charterInForce, listCategories, listThreads, renderMarkdown } from '@kindred/forum'
import { joinCommunity, pseudonymLength, pseudonymProblem, suggestPseudonym, type PseudonymProblem } from '@kindred/membership'
import { categoryFollowing } from '@kindred/notifications'
import { communityCard } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly, standingIn, takesPart, type Standing } from '../member.ts'
import { charterPage } from '../pages/charter.ts'
import { unverifiedPage } from '../pages/email-unverified.ts'
import { communityPage, type CommunityOffer } from '../pages/community.ts'
import { forumPage } from '../pages/forum.ts'
import { joinPage, type JoinField } from '../pages/join.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { signedInOrRedirect } from '../sign-in-first.ts'
import { cursorQuery, idText, slugParams, threadsPerPage } from './forum-schemas.ts'

const forumQuery = strictObject({ category: Type.Optional(idText), cursor: Type.Optional(cursorQuery) })
const versionText = Type.String({ pattern: '^[1-9][0-9]{0,8}$' })
const joinBody = formBody({ pseudonym: text(200), accept: Type.Optional(Type.Literal('yes')), charterVersion: versionText })
const charterBody = formBody({ version: versionText })
const page = { 200: pageResponse, '4xx': pageResponse }

const offerOf = (standing: Standing): CommunityOffer => {
  if (standing.kind === 'signedOut') return 'signIn'
  if (standing.kind === 'outsider') return 'join'
  if (standing.kind === 'banned') return 'banned'
  return standing.community.approval === 'pending' ? 'pending' : 'completeJoining'
}

async function forum(context: PageContext, community: CommunityContext, query: Static<typeof forumQuery>): Promise<string> {
  const { tenant, member } = community
  // A category shown offers watching or muting it, unless the community is archived (read-only) or there
  // is no such category (an empty list, as before).
  const following =
    query.category === undefined || community.community.status === 'archived'
      ? undefined
      : categoryFollowing(community, query.category).catch((error: unknown) => {
          if (isKindredError(error) && error.code === 'KINDRED_NOT_FOUND') return undefined
          throw error
        })
  const [categories, threads, charter, level] = await Promise.all([
    listCategories(tenant),
    listThreads(community, {
      limit: threadsPerPage,
      ...(query.category === undefined ? {} : { categoryId: query.category }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    }),
    charterInForce(tenant),
    following,
  ])
  return forumPage(context, {
    slug: community.slug,
    name: community.community.name,
    pseudonym: member.pseudonym,
    categories,
    categoryId: query.category ?? null,
    threads,
    charterToAccept: charter !== undefined && charter.version !== member.charterVersion,
    moderates: isModerator(member),
    ...(level === undefined ? {} : { categoryFollowing: level }),
  })
}

function pseudonymMessage({ t }: PageContext, problem: PseudonymProblem | 'taken', suggestion?: string): string {
  if (problem === 'missing') return t('join.error.pseudonymMissing')
  if (problem === 'tooShort') return t('join.error.pseudonymTooShort', { min: pseudonymLength.min })
  if (problem === 'tooLong') return t('join.error.pseudonymTooLong', { max: pseudonymLength.max })
  if (problem === 'characters') return t('join.error.pseudonymCharacters')
  return suggestion === undefined ? t('join.error.pseudonymTaken') : t('join.error.pseudonymTakenSuggestion', { suggestion })
}

/** A community's own page (its forum for the members who take part), joining it, and its charter. */
export default async function communityRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const deps = { hub: app.database.db, placements: app.placements }

  async function joinView(request: FastifyRequest, slug: string, form: FormState<JoinField>) {
    const [card, charter, standing] = await Promise.all([
      communityCard(app.database.db, slug),
      currentCharter(app.database.db),
      standingIn(app, request, slug),
    ])
    return {
      slug,
      communityName: card.name,
      charterHtml: renderMarkdown(charter.text),
      charterVersion: charter.version,
      founding: standing.kind === 'member',
      form,
    }
  }

  app.get('/c/:slug', { schema: { hide: true, params: slugParams, querystring: forumQuery, response: page } }, async (request) => {
    const standing = await standingIn(app, request, request.params.slug)
    if (takesPart(standing)) return forum(request.page(), standing.community, request.query)
    return communityPage(request.page(), await communityCard(app.database.db, request.params.slug), offerOf(standing))
  })

  app.get('/c/:slug/join', { schema: { hide: true, params: slugParams, response: page } }, async (request, reply) => {
    const { slug } = request.params
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    const standing = await standingIn(app, request, slug)
    const mayJoin = !takesPart(standing) && (offerOf(standing) === 'join' || offerOf(standing) === 'completeJoining')
    if (!mayJoin) return reply.redirect(`/c/${slug}`, 303)
    // Joining would be refused: say why before the member fills the form in.
    if (!visitor.emailVerified) return unverifiedPage(request.page())
    return joinPage(request.page(), await joinView(request, slug, { values: {}, errors: {} }))
  })

  app.post(
    '/c/:slug/join',
    {
      preValidation: checkCsrf,
      preHandler: app.rateLimits(app.limit('joinPerAddress', (request) => request.ip)),
      schema: { hide: true, params: slugParams, body: joinBody, response: page },
    },
    async (request, reply) => {
      const { slug } = request.params
      const visitor = signedInOrRedirect(request, reply, `/c/${slug}/join`)
      if (visitor === null) return reply
      const context = request.page()
      const { pseudonym, accept, charterVersion } = request.body
      const form: FormState<JoinField> = { values: { pseudonym, ...(accept === undefined ? {} : { accept }) }, errors: {} }
      const problem = pseudonymProblem(pseudonym)
      if (problem !== null) form.errors.pseudonym = pseudonymMessage(context, problem)
      if (accept === undefined) form.errors.accept = context.t('join.error.acceptMissing')
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(joinPage(context, await joinView(request, slug, form)))
      try {
        const joined = await joinCommunity(deps, {
          accountId: visitor.accountId,
          slug,
          pseudonym,
          acceptCharterVersion: Number(charterVersion),
        })
        if (joined.approval === 'pending') await app.announceNotice(slug)
      } catch (error) {
        if (!isKindredError(error)) throw error
        if (error.code === 'KINDRED_PSEUDONYM_TAKEN') {
          const community = await app.communities.find(slug)
          const suggestion = community === undefined ? undefined : await suggestPseudonym(app.placements.tenantDb(community), pseudonym)
          form.errors.pseudonym = pseudonymMessage(context, 'taken', suggestion)
          return reply.code(409).send(joinPage(context, await joinView(request, slug, form)))
        }
        if (error.code === 'KINDRED_CHARTER_VERSION_MISMATCH') {
          form.errors.accept = context.t('join.error.charterChanged')
          return reply.code(409).send(joinPage(context, await joinView(request, slug, { ...form, values: { pseudonym } })))
        }
        if (error.code === 'KINDRED_ALREADY_MEMBER') return reply.redirect(`/c/${slug}`, 303)
        throw error
      }
      return reply.redirect(`/c/${slug}`, 303)
    },
  )

  await app.register(async (members: TypeBoxApp) => {
    members.addHook('preHandler', membersOnly(members))

    members.get('/c/:slug/charter', { schema: { hide: true, params: slugParams, response: page } }, async (request) => {
      const community = request.community()
      const charter = await charterInForce(community.tenant)
      if (charter === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'This community has no charter yet')
      return charterPage(request.page(), {
        slug: community.slug,
        communityName: community.community.name,
        charterHtml: renderMarkdown(charter.text),
        version: charter.version,
        accepted: charter.version === community.member.charterVersion,
      })
    })

    members.post(
      '/c/:slug/charter',
      { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: charterBody, response: page } },
      async (request, reply) => {
        const community = request.community()
        await acceptCharter(community, Number(request.body.version))
        return reply.redirect(`/c/${community.slug}`, 303)
      },
    )
  })
}
