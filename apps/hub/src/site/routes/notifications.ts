import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { isModerator, type DigestCadence, type NotificationCadence, type NotificationKind } from '@kindred/community'
import { isKindredError } from '@kindred/errors'
import { listProposalNews, markProposalNewsRead, unreadProposalNewsCount } from '@kindred/incubator'
import {
  digestCadences,
  followCategory,
  followThread,
  listNotifications,
  markNotificationsRead,
  notificationCadences,
  notificationKinds,
  notificationPreferences,
  setNotificationPreferences,
  unreadNotificationCount,
} from '@kindred/notifications'
import { literalUnion, strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { slug } from '../../routes/communities/schemas.ts'
import { id } from '../../routes/c/schemas.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import type { Visitor } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly, standingIn, takesPart } from '../member.ts'
import { followChoices, followingAnchor } from '../pages/following-parts.ts'
import { kindMessages, notificationSettingsPage, settingsForm, type SettingsField } from '../pages/notification-settings.ts'
import { notificationsPage, type CommunityNotifications } from '../pages/notifications.ts'
import { proposalNewsMarked } from '../pages/proposal-news-parts.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { signedInOrRedirect } from '../sign-in-first.ts'
import { slugParams, threadParams } from './forum-schemas.ts'

const page = { 200: pageResponse, '4xx': pageResponse }
const listQuery = strictObject({ marked: Type.Optional(slug) })
const settingsQuery = strictObject({ saved: Type.Optional(Type.Literal('1')) })
const categoryParams = strictObject({ slug, id })
const followBody = formBody({ level: literalUnion(followChoices) })
// A radio group left unchosen is not sent at all; a value that is no cadence is the form's error to explain.
const settingsBody = formBody({
  ...Object.fromEntries(notificationKinds.map((kind) => [kind, Type.Optional(text(20))])),
  includeText: Type.Optional(Type.Literal('yes')),
  digest: Type.Optional(text(20)),
})

const isCadence = (value: string | undefined): value is NotificationCadence =>
  value !== undefined && (notificationCadences as readonly string[]).includes(value)
const isDigest = (value: string | undefined): value is DigestCadence =>
  value !== undefined && (digestCadences as readonly string[]).includes(value)
const kindsFor = (community: CommunityContext): readonly NotificationKind[] =>
  notificationKinds.filter((kind) => kind !== 'moderation' || isModerator(community.member))
const levelOf = (choice: (typeof followChoices)[number]) => (choice === 'normal' ? null : choice)

/** What a member is told of in their communities: the list, marking it read, their settings, watching and muting. */
export default async function notificationPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)

  // Each community the visitor takes part in, through the same checks as its own pages (a member who left,
  // was banned or waits for approval has nothing listed there).
  async function everyCommunity(request: FastifyRequest, visitor: Visitor): Promise<CommunityNotifications[]> {
    const parts = await Promise.all(
      visitor.communities.map(async ({ slug, name }) => {
        const standing = await standingIn(app, request, slug).catch((error: unknown) => {
          if (isKindredError(error)) return null
          throw error
        })
        if (standing === null || !takesPart(standing)) return null
        const { community } = standing
        const [listed, unread] = await Promise.all([listNotifications(community), unreadNotificationCount(community)])
        return { slug, name, unread, notifications: listed.items, writable: community.community.status !== 'archived' }
      }),
    )
    const newest = (part: CommunityNotifications) => part.notifications[0]?.createdAt.getTime() ?? 0
    return parts.filter((part) => part !== null).toSorted((a, b) => newest(b) - newest(a))
  }

  app.get('/notifications', { schema: { hide: true, querystring: listQuery, response: page } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    const db = app.database.db
    const [communities, news, unread] = await Promise.all([
      everyCommunity(request, visitor),
      listProposalNews(db, visitor.accountId),
      unreadProposalNewsCount(db, visitor.accountId),
    ])
    const marked = communities.find(({ slug }) => slug === request.query.marked)
    // The header's counts may be a few seconds old (unread-counts.ts); this page has just counted afresh, so
    // its header says what its list says, and the next pages count again where they differed.
    const fresh = new Map(communities.map(({ slug, unread }) => [slug, unread]))
    for (const { slug, unreadNotifications } of visitor.communities) {
      if ((fresh.get(slug) ?? unreadNotifications) !== unreadNotifications) app.unreadCounts.forget(visitor.accountId, slug)
    }
    const counted = visitor.communities.map((one) => ({ ...one, unreadNotifications: fresh.get(one.slug) ?? one.unreadNotifications }))
    const context = { ...request.page(), visitor: { ...visitor, communities: counted } }
    return notificationsPage(context, {
      proposals: { news: news.items, unread },
      communities,
      marked: marked?.name ?? null,
      proposalsMarked: request.query.marked === proposalNewsMarked,
    })
  })

  // The incubator's news is the account's own, not a community's: marked read here, signed in only.
  app.post(
    '/notifications/proposals/read',
    { preValidation: checkCsrf, schema: { hide: true, body: formBody({}) } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, '/notifications')
      if (visitor === null) return reply
      await markProposalNewsRead(app.database.db, visitor.accountId)
      return reply.redirect(`/notifications?marked=${proposalNewsMarked}`, 303)
    },
  )

  await app.register(async (members: TypeBoxApp) => {
    members.addHook('preHandler', membersOnly(members))

    members.post(
      '/c/:slug/notifications/read',
      { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: formBody({}) } },
      async (request, reply) => {
        const community = request.community()
        if ((await markNotificationsRead(community, 'all')) > 0) app.unreadCounts.forget(community.accountId, community.slug)
        return reply.redirect(`/notifications?marked=${community.slug}`, 303)
      },
    )

    members.get(
      '/c/:slug/notifications/settings',
      { schema: { hide: true, params: slugParams, querystring: settingsQuery, response: page } },
      async (request) => {
        const community = request.community()
        return notificationSettingsPage(request.page(), {
          slug: community.slug,
          communityName: community.community.name,
          kinds: kindsFor(community),
          form: settingsForm(await notificationPreferences(community)),
          saved: request.query.saved !== undefined,
        })
      },
    )

    members.post(
      '/c/:slug/notifications/settings',
      { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: settingsBody, response: page } },
      async (request, reply) => {
        const community = request.community()
        const context = request.page()
        const body = request.body as Partial<Record<SettingsField, string>>
        const kinds = kindsFor(community)
        const cadences: Partial<Record<NotificationKind, NotificationCadence>> = {}
        const form: FormState<SettingsField> = { values: {}, errors: {} }
        if (body.includeText !== undefined) form.values.includeText = body.includeText
        for (const kind of kinds) {
          const value = body[kind]
          // What was sent, kept as it was (a value that is no choice selects none).
          if (value !== undefined) form.values[kind] = value
          if (isCadence(value)) cadences[kind] = value
          else form.errors[kind] = context.t(kindMessages[kind].error)
        }
        if (body.digest !== undefined) form.values.digest = body.digest
        if (!isDigest(body.digest)) form.errors.digest = context.t('notifications.digest.error')
        if (Object.keys(form.errors).length > 0) {
          return reply.code(400).send(
            notificationSettingsPage(context, {
              slug: community.slug,
              communityName: community.community.name,
              kinds,
              form,
              saved: false,
            }),
          )
        }
        await setNotificationPreferences(community, {
          cadences,
          includeText: body.includeText !== undefined,
          ...(isDigest(body.digest) ? { digest: body.digest } : {}),
        })
        return reply.redirect(`/c/${community.slug}/notifications/settings?saved=1`, 303)
      },
    )

    members.post(
      '/c/:slug/t/:id/follow',
      { preValidation: checkCsrf, schema: { hide: true, params: threadParams, body: followBody } },
      async (request, reply) => {
        const community = request.community()
        await followThread(community, request.params.id, levelOf(request.body.level))
        return reply.redirect(`/c/${community.slug}/t/${request.params.id}#${followingAnchor}`, 303)
      },
    )

    members.post(
      '/c/:slug/categories/:id/follow',
      { preValidation: checkCsrf, schema: { hide: true, params: categoryParams, body: followBody } },
      async (request, reply) => {
        const community = request.community()
        await followCategory(community, request.params.id, levelOf(request.body.level))
        return reply.redirect(`/c/${community.slug}?category=${request.params.id}#${followingAnchor}`, 303)
      },
    )
  })
}
