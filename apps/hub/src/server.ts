import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Config } from '@kindred/config'
import type { Database, Migration } from '@kindred/db'
import type { Logger } from '@kindred/log'
import type { Placements } from '@kindred/community'
import type { TokenService } from '@kindred/tokens'
import packageJson from '../../../package.json' with { type: 'json' }
import errors from './plugins/errors.ts'
import draining from './plugins/draining.ts'
import security from './plugins/security.ts'
import textInput from './plugins/text-input.ts'
import cors from './plugins/cors.ts'
import caches from './plugins/caches.ts'
import database from './plugins/database.ts'
import loadShedding from './plugins/load-shedding.ts'
import rateLimiting from './plugins/rate-limit.ts'
import openapi from './plugins/openapi.ts'
import tokens from './plugins/tokens.ts'
import healthRoutes from './routes/health/index.ts'
import wellKnownRoutes from './routes/well-known/index.ts'
import authRoutes from './routes/auth/index.ts'
import meRoutes from './routes/me/index.ts'
import adminRoutes from './routes/admin/index.ts'
import charterRoutes from './routes/charter/index.ts'
import proposalRoutes from './routes/proposals/index.ts'
import communityRoutes from './routes/communities/index.ts'
import membershipRoutes from './routes/memberships/index.ts'
import passwordResetRoutes from './routes/auth/password-reset.ts'
import emailVerificationRoutes from './routes/auth/email-verification.ts'
import switchRoutes from './routes/auth/switch.ts'
import placementsPlugin from './plugins/placements.ts'
import postNotices from './plugins/post-notices.ts'
import notices from './plugins/notices.ts'
import currentAccount from './plugins/current-account.ts'
import sharedSchemas from './plugins/shared-schemas.ts'
import communityPlugin from './plugins/community.ts'
import forumRoutes from './routes/c/index.ts'
import publicStatsRoutes from './routes/stats/index.ts'
import { notFoundPage, registerSite } from './site/index.ts'

const forwardedRequestId = /^[A-Za-z0-9._:-]{1,64}$/

// A load balancer's x-request-id ties our log lines to its own; anything else a client sends there
// (long, or with characters that could forge log structure) is replaced by an id of ours.
function requestId(request: IncomingMessage): string {
  const forwarded = request.headers['x-request-id']
  return typeof forwarded === 'string' && forwardedRequestId.test(forwarded) ? forwarded : randomUUID()
}

export interface HubDependencies {
  config: Config
  logger: Logger
  database: Database
  hubMigrations: readonly Migration[]
  /** Access tokens: signing, verification and the JWKS (see @kindred/tokens). */
  tokens: TokenService
  /**
   * The clusters holding community schemas (see @kindred/tenancy), closed by the caller. Absent: the hub
   * opens placements of its own from `config` on the database's URL and closes them with the app.
   */
  placements?: Placements
}

/**
 * Builds the hub's HTTP API without listening: the process entry point listens, tests `inject`.
 *
 * @example const app = await createHubServer(deps); await app.ready()
 */
export async function createHubServer(deps: HubDependencies): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance keeps Fastify's default generics (plugins are written for them).
  const loggerInstance: FastifyBaseLogger = deps.logger
  const app = Fastify({
    loggerInstance,
    bodyLimit: deps.config.http.bodyLimitBytes,
    requestTimeout: deps.config.http.requestTimeoutMs,
    requestIdHeader: false,
    // Only the listed load balancers may say who the client is: from anyone else X-Forwarded-For is ignored,
    // so per-address limits stay per client behind a proxy and cannot be dodged by a forged header.
    trustProxy: deps.config.http.trustedProxies.length > 0 ? deps.config.http.trustedProxies : false,
    genReqId: requestId,
    ajv: {
      // Unknown properties are refused, not silently dropped: a client's mistake should be visible to it.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      // ajv-formats' uuid also accepts `urn:uuid:…`, which PostgreSQL's uuid type refuses: ids are the bare form.
      onCreate: (ajv) => void ajv.addFormat('uuid', /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i),
    },
  })
  await app.register(errors, { notFoundPage: (request, reply) => notFoundPage(app, request, reply) })
  await app.register(draining)
  await app.register(security)
  await app.register(textInput)
  // Before load shedding and the routes' hooks, so a browser app can read their refusals too.
  await app.register(cors, { origins: deps.config.http.corsOrigins })
  await app.register(database, { database: deps.database, hubMigrations: deps.hubMigrations })
  await app.register(placementsPlugin, {
    placements: deps.placements,
    database: deps.database,
    config: deps.config,
    logger: deps.logger,
  })
  await app.register(caches, { ttlMs: deps.config.cache.ttlMs })
  await app.register(postNotices, { delayMs: deps.config.notifications.fanOutDelayMs })
  await app.register(notices)
  await app.register(loadShedding, {
    maxEventLoopDelayMs: deps.config.http.maxEventLoopDelayMs,
    poolMaxWaiting: deps.config.database.poolMaxWaiting,
  })
  await app.register(rateLimiting, { limits: deps.config.limits, keySecret: deps.tokens.deriveKey('rate-limit keys') })
  await app.register(openapi, { version: packageJson.version, license: packageJson.license })
  await app.register(sharedSchemas)
  await app.register(tokens, { tokens: deps.tokens })
  await app.register(healthRoutes)
  await app.register(wellKnownRoutes)
  await app.register(currentAccount)
  await app.register(authRoutes)
  await app.register(passwordResetRoutes)
  await app.register(emailVerificationRoutes)
  await app.register(meRoutes)
  await app.register(adminRoutes, { health: deps.config.statistics.health })
  await app.register(charterRoutes)
  await app.register(proposalRoutes, { incubator: deps.config.incubator })
  await app.register(communityPlugin)
  await app.register(communityRoutes)
  await app.register(membershipRoutes)
  await app.register(switchRoutes)
  await app.register(forumRoutes)
  await app.register(publicStatsRoutes, { suppressionThreshold: deps.config.statistics.suppressionThreshold })
  await registerSite(app, {
    cookieSecret: deps.tokens.deriveKey('site cookies'),
    incubator: deps.config.incubator,
    suppressionThreshold: deps.config.statistics.suppressionThreshold,
    health: deps.config.statistics.health,
  })
  return app
}
