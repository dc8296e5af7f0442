import { constants } from 'node:zlib'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import staticFiles from '@fastify/static'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '@kindred/db'
import { isKindredError } from '@kindred/errors'
import type { IncubatorSettings } from '@kindred/incubator'
import type { HealthAlertSettings } from '@kindred/statistics'
import { databaseRetryAfterSeconds } from '../plugins/errors.ts'
import type { TypeBoxApp } from '../routes/typebox.ts'
import { assetRoots, isAsset } from './assets.ts'
import { pageTranslator, type PageContext } from './context.ts'
import { setPageHeaders } from './headers.ts'
import { errorPage, type ErrorPageKind } from './pages/errors.ts'
import accountRoutes from './routes/account.ts'
import communityRoutes from './routes/community.ts'
import forumPageRoutes from './routes/forum.ts'
import homeRoutes from './routes/home.ts'
import languageRoutes from './routes/language.ts'
import myAccountRoutes from './routes/my-account.ts'
import passwordResetPageRoutes from './routes/password-reset.ts'
import emailAddressPageRoutes from './routes/email-address.ts'
import { unverifiedPage } from './pages/email-unverified.ts'
import statisticsRoutes from './routes/statistics.ts'
import incubatorRoutes from './routes/incubator.ts'
import messagePageRoutes from './routes/messages.ts'
import privacyPageRoutes from './routes/privacy.ts'
import moderatePageRoutes from './routes/moderate.ts'
import reportPageRoutes from './routes/reports.ts'
import contentModerationRoutes from './routes/content-moderation.ts'
import searchPageRoutes from './routes/search.ts'
import postEditRoutes from './routes/post-edit.ts'
import memberPageRoutes from './routes/members.ts'
import notificationPageRoutes from './routes/notifications.ts'
import unsubscribeRoutes from './routes/unsubscribe.ts'
import staffPageRoutes from './routes/staff/index.ts'
import { visitorOf } from './visitor.ts'
import { createUnreadCounts } from './unread-counts.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** What the page is rendered with: the visitor's language, who is signed in, the form token. */
    page(): PageContext
    kindredPage: PageContext | null
  }
}

export interface SiteOptions {
  /** Signs the CSRF cookie (derived from the master key). */
  cookieSecret: Buffer
  /** `config.incubator`: the thresholds the proposal pages show progress towards. */
  incubator: IncubatorSettings
  /** `config.statistics.suppressionThreshold`: the statistics page suppresses counts as the API does. */
  suppressionThreshold: number
  /** `config.statistics.health`: when the staff console's dashboard raises an alert about a community. */
  health: HealthAlertSettings
}

// A community's pages speak its main language to a reader who chose none: from the cache, as its routes read it.
async function communityLanguages(app: FastifyInstance, path: string): Promise<readonly string[] | undefined> {
  const slug = /^\/c\/([a-z0-9-]+)(?:\/|$)/.exec(path)?.[1]
  return slug === undefined ? undefined : (await app.communities.find(slug))?.languages
}

async function pageContext(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const path = request.url.split('?')[0] ?? '/'
  const visitor = await visitorOf(app, request)
  const i18n = pageTranslator(request, { account: visitor?.language, community: await communityLanguages(app, path) })
  return {
    t: i18n.t,
    i18n,
    visitor,
    csrfToken: reply.generateCsrf(),
    path,
  }
}

// A malformed address reads to a visitor as one that does not exist; any other refusal as not theirs to see.
function kindOf(status: number): ErrorPageKind {
  if (status === 400 || status === 404 || status === 405) return 'notFound'
  if (status === 429) return 'tooMany'
  return status < 500 ? 'forbidden' : 'serverError'
}

// A refused page is a page too: in the visitor's language, with the status of what happened.
async function sendErrorPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, status: number): Promise<FastifyReply> {
  const context = request.kindredPage ?? (await pageContext(app, request, reply).catch(() => null))
  setPageHeaders(reply)
  if (context === null) return reply.code(status).send('')
  return reply.code(status).send(errorPage(context, kindOf(status)))
}

/**
 * The web site members, founders and moderators use: server-rendered pages over the same packages as the
 * API, which work without JavaScript. Sessions are an httpOnly cookie tied to a hub session; every form
 * carries a CSRF token; every answer to a form that worked is a redirect. Cookies and CSRF tokens are
 * known to the whole app (a browser's 404 is a page too); form bodies only to the site's own routes.
 */
export async function registerSite(app: TypeBoxApp, options: SiteOptions): Promise<void> {
  await app.register(cookie, { secret: options.cookieSecret.toString('base64url') })
  await app.register(csrf, { cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/' } })
  app.decorateRequest('kindredPage', null)
  app.decorateRequest('page', function (this: FastifyRequest) {
    if (this.kindredPage === null) throw new Error('page() outside a page route')
    return this.kindredPage
  })
  await app.register(pages, options)
}

async function pages(app: TypeBoxApp, options: SiteOptions): Promise<void> {
  // Pages and their stylesheet only, for readers on slow connections; the API's JSON stays as it was.
  // Brotli's fastest level, in the request's own turn (a page is tens of KB): a thread page shrinks about
  // sixfold either way, and the slower levels cost more of the hub's time than the bytes they save.
  await app.register(compress, {
    global: true,
    syncThreshold: 64 * 1024,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
  })
  await app.register(formbody)
  app.decorate('unreadCounts', createUnreadCounts(app))
  await app.register(staticFiles, {
    root: assetRoots,
    allowedPath: (pathName) => isAsset(pathName.replace(/^\//, '')),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  })

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return
    setPageHeaders(reply)
    request.kindredPage = await pageContext(app, request, reply)
    // The account a page acts for is the account a token would name: what the hub forgets of it after a
    // change (current-account.ts) it forgets after a form too.
    request.kindredAccountId = request.kindredPage.visitor?.accountId ?? null
  })

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // Joining, proposing and supporting say how to confirm the address they wait for, wherever refused.
    if (isKindredError(error) && error.code === 'KINDRED_EMAIL_UNVERIFIED' && request.kindredPage !== null) {
      return reply.code(error.statusCode).send(unverifiedPage(request.kindredPage))
    }
    // A database briefly out of reach (a failover, a community being moved): "try again shortly", as the API says.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'page deferred')
      void reply.header('retry-after', databaseRetryAfterSeconds)
      return sendErrorPage(app, request, reply, 503)
    }
    const status = isKindredError(error) ? error.statusCode : (error.statusCode ?? 500)
    if (status >= 500) request.log.error({ err: error }, 'page failed')
    else request.log.info({ code: error.code }, 'page refused')
    return sendErrorPage(app, request, reply, status >= 500 ? 500 : status)
  })

  await app.register(homeRoutes)
  await app.register(communityRoutes)
  await app.register(forumPageRoutes)
  await app.register(accountRoutes)
  await app.register(passwordResetPageRoutes)
  await app.register(emailAddressPageRoutes)
  await app.register(languageRoutes)
  await app.register(incubatorRoutes, { incubator: options.incubator })
  await app.register(messagePageRoutes)
  await app.register(privacyPageRoutes)
  await app.register(moderatePageRoutes)
  await app.register(reportPageRoutes)
  await app.register(contentModerationRoutes)
  await app.register(searchPageRoutes)
  await app.register(postEditRoutes)
  await app.register(memberPageRoutes)
  await app.register(notificationPageRoutes)
  await app.register(unsubscribeRoutes)
  await app.register(myAccountRoutes)
  await app.register(statisticsRoutes, { suppressionThreshold: options.suppressionThreshold })
  await app.register(staffPageRoutes, {
    suppressionThreshold: options.suppressionThreshold,
    incubator: options.incubator,
    health: options.health,
  })
}

/**
 * The 404 page, for a browser asking for a page that does not exist; undefined for anyone else (the API's
 * clients), whose 404 stays JSON.
 */
export function notFoundPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | undefined {
  const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')
  return wantsPage ? sendErrorPage(app, request, reply, 404) : undefined
}
