import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { loadConfig, type Config } from '@kindred/config'
import { hubMigrations, type Database } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { createPlacements, type Placements } from '@kindred/community'
import { createMailer, type Mailer } from '@kindred/mail'
import type { TokenService } from '@kindred/tokens'
import { createTestDatabase } from './database.ts'
import { captureLogs, type LogCapture } from './log-capture.ts'
import { createTestTokens } from './tokens.ts'

export interface TestHub {
  app: FastifyInstance
  database: Database
  config: Config
  logs: LogCapture
  /** The hub's token service, with a first signing key under `masterKey` (random per test). */
  tokens: TokenService
  masterKey: Buffer
  /**
   * The hub's placements: `default` is this test's database, `eu-2` a second database (unless
   * `secondPlacement: false` or `env.KINDRED_PLACEMENTS` names others).
   */
  placements: Placements
  /** What the hub's jobs send mail with: to `SMTP_URL`, which is nowhere unless the test gives a mailbox's. */
  mailer: Mailer
}

/** The test hub's second placement. */
export const secondPlacementName = 'eu-2'

// A database of its own on the same server stands for a second cluster: schemas, catalogs and
// connections are as separate as on another machine.
async function secondPlacement(t: Test): Promise<string> {
  return `${secondPlacementName}=${(await createTestDatabase(t, { fromTemplate: false })).url}`
}

/**
 * The hub's real HTTP app on a database of this test's own, ready for `inject`. `routes` may add
 * test-only routes before the app is sealed; `env` overrides configuration as the environment would.
 * A placement `eu-2` on an empty database of its own stands for a second cluster, as on a network with
 * two (`secondPlacement: false` leaves it out); provisionTestCommunity puts communities on it first.
 */
export async function buildTestHub(
  t: Test,
  options: { env?: Record<string, string>; routes?: (app: FastifyInstance) => void; secondPlacement?: boolean } = {},
): Promise<TestHub> {
  const logs = captureLogs('info')
  const withSecond = options.secondPlacement !== false && options.env?.KINDRED_PLACEMENTS === undefined
  const env = withSecond ? { ...options.env, KINDRED_PLACEMENTS: await secondPlacement(t) } : (options.env ?? {})
  const { url, database } = await createTestDatabase(t, {
    logger: logs.logger,
    ...(env.DATABASE_POOL_MAX === undefined ? {} : { poolMax: Number(env.DATABASE_POOL_MAX) }),
  })
  // Tests change members and accounts behind the hub's back and look at once: the caches (which hear of
  // changes a moment after they commit) are off unless a test turns them on.
  // Event-loop load shedding is off too: on a busy machine it answers 503 to requests whose tests are about
  // something else. Its own test turns it on.
  // Mail goes nowhere (a port nothing listens on: refused at once) unless the test starts a mailbox.
  // A post's notification fan-out is queued before its answer, so a test can run the queue right after.
  const config = loadConfig({
    CACHE_TTL_MS: '0',
    NOTIFICATION_FAN_OUT_DELAY_MS: '0',
    HTTP_MAX_EVENT_LOOP_DELAY_MS: '0',
    SMTP_URL: 'smtp://127.0.0.1:9',
    ...env,
    DATABASE_URL: url,
  })
  const { tokens, masterKey } = await createTestTokens(database)
  const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-test-hub', logger: logs.logger })
  t.teardown(() => placements.close())
  const app = await createHubServer({ config, logger: logs.logger, database, hubMigrations: await hubMigrations(), tokens, placements })
  options.routes?.(app)
  await app.ready()
  t.teardown(() => app.close())
  const mailer = createMailer(config.mail)
  t.teardown(() => mailer.close())
  return { app, database, config, logs, tokens, masterKey, placements, mailer }
}

/**
 * Another hub process beside `hub`, as behind a load balancer: the same databases (hub and placements) and
 * the same signing keys, but caches and LISTEN connections of its own, so it hears of changes only as
 * another process would. Its caches are on (`CACHE_TTL_MS` as deployed) unless `cacheTtlMs` says otherwise.
 */
export async function buildAnotherHub(t: Test, hub: TestHub, options: { cacheTtlMs?: number } = {}): Promise<FastifyInstance> {
  const config: Config = { ...hub.config, cache: { ttlMs: options.cacheTtlMs ?? 60_000 } }
  const app = await createHubServer({
    config,
    logger: captureLogs('info').logger,
    database: hub.database,
    hubMigrations: await hubMigrations(),
    tokens: hub.tokens,
    placements: hub.placements,
  })
  await app.ready()
  t.teardown(() => app.close())
  return app
}
