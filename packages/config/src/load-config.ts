import path from 'node:path'
import { Ajv, type ErrorObject } from 'ajv'
import { environmentSchema, type EnvironmentVariable } from './environment-schema.ts'
import { parseCorsOrigins } from './cors-origins.ts'
import { parseTrustedProxies } from './trusted-proxies.ts'
import { parsePlacements, type PlacementEntry } from './placements.ts'
import { parseProposalThresholds, type ProposalThresholds } from './proposal-thresholds.ts'
import { parseRateLimit, rateLimitVariables, type RateLimits } from './rate-limits.ts'

export interface Config {
  http: {
    host: string
    port: number
    bodyLimitBytes: number
    requestTimeoutMs: number
    maxEventLoopDelayMs: number
    /** Origins of browser apps that may call the API (CORS, exact matches); empty: no CORS headers at all. */
    corsOrigins: string[]
    /** Load balancers whose X-Forwarded-For is believed (addresses or CIDR ranges); empty: none is. */
    trustedProxies: string[]
  }
  database: {
    /** Unset: the process starts an embedded PostgreSQL in `embedded.dataDir`. */
    url: string | undefined
    poolMax: number
    poolMaxWaiting: number
    connectTimeoutMs: number
    connectionMaxLifetimeSeconds: number
    embedded: { dataDir: string; port: number }
  }
  log: { level: string; format: 'json' | 'pretty' | 'auto' }
  worker: { mode: 'in-process' | 'off'; concurrency: number }
  shutdownTimeoutMs: number
  /** Base64 of the 32-byte key that encrypts the token signing keys; unset: see resolveMasterKey (@kindred/runtime). */
  masterKey: string | undefined
  /** Community proposals (@kindred/incubator): support needed per prevalence class, and how long to gather it. */
  incubator: { thresholds: ProposalThresholds; supportWindowDays: number }
  /**
   * Network statistics (@kindred/statistics): counts from 1 up to `suppressionThreshold` are never published;
   * `schedule` is the cron pattern of the aggregation job; `health`, when staff's dashboard raises an alert.
   */
  statistics: { suppressionThreshold: number; schedule: string; health: HealthAlertSettings }
  /** Where community schemas live (@kindred/tenancy): clusters besides the hub's own database, and their pools. */
  placements: {
    clusters: PlacementEntry[]
    poolMax: number
    connectionMaxStatements: number
    connectionMaxLifetimeSeconds: number
  }
  /**
   * How long a hub keeps what it read of members, memberships and accounts at most (0: not at all); a
   * change drops it at once (see createNotifiedCache, @kindred/db).
   */
  cache: { ttlMs: number }
  /**
   * How long a hub gathers a community's new posts before queueing their notification fan-out (one job
   * statement for a burst of posts instead of one per post).
   */
  notifications: { fanOutDelayMs: number }
  /** Every family of rate limits (see rate-limits.ts), each from its `KINDRED_LIMIT_…` variable. */
  limits: RateLimits
  /** Mail (@kindred/mail): where it goes, who sends it, and the address its links start with. */
  mail: MailConfig
}

/** When staff's health dashboard (`/staff`) raises an alert about a community. */
export interface HealthAlertSettings {
  /** Days without a moderator's action. */
  moderatorIdleDays: number
  /** Hours a report waits unresolved. */
  reportWaitHours: number
  /** Hours a join request waits for a decision. */
  joinWaitHours: number
}

export interface MailConfig {
  /** Unset: mail goes to the development mailbox (`devMailbox`), which the hub starts. */
  smtpUrl: string | undefined
  from: string
  /** The site's address without a trailing slash: links in mail are this followed by a path. */
  publicUrl: string
  devMailbox: { smtpPort: number; webPort: number }
}

/** A configuration problem, with a one-line message naming the variable and what it expects. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

type Environment = Record<string, string | undefined>
type ValidatedEnvironment = Record<EnvironmentVariable, string | number | undefined>

const validate = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: true }).compile<ValidatedEnvironment>(
  environmentSchema,
)

/**
 * Validates the environment once, at start-up, and returns the typed configuration. Nothing else in
 * Kindred reads `process.env`: the apps call this and pass the result down.
 *
 * @example const config = loadConfig(process.env)
 * @throws ConfigError naming the first invalid variable; the value itself is never echoed (it may be a secret).
 */
export function loadConfig(environment: Environment, cwd = process.cwd()): Config {
  const env: Record<string, unknown> = {}
  for (const name of Object.keys(environmentSchema.properties)) {
    const value = environment[name]
    if (value !== undefined && value.trim() !== '') env[name] = value.trim()
  }
  if (!validate(env)) throw new ConfigError(describe(validate.errors ?? []))
  const valid = env
  const text = (name: EnvironmentVariable): string => String(valid[name])
  const int = (name: EnvironmentVariable): number => Number(valid[name])
  const thresholds = parseProposalThresholds(valid.PROPOSAL_THRESHOLDS === undefined ? undefined : text('PROPOSAL_THRESHOLDS'))
  if (thresholds === undefined) throw new ConfigError(invalid('PROPOSAL_THRESHOLDS'))
  const clusters = parsePlacements(valid.KINDRED_PLACEMENTS === undefined ? undefined : text('KINDRED_PLACEMENTS'))
  if (clusters === undefined) throw new ConfigError(invalid('KINDRED_PLACEMENTS'))
  const corsOrigins = parseCorsOrigins(valid.KINDRED_CORS_ORIGINS === undefined ? undefined : text('KINDRED_CORS_ORIGINS'))
  if (corsOrigins === undefined) throw new ConfigError(invalid('KINDRED_CORS_ORIGINS'))
  const trustedProxies = parseTrustedProxies(valid.KINDRED_TRUSTED_PROXIES === undefined ? undefined : text('KINDRED_TRUSTED_PROXIES'))
  if (trustedProxies === undefined) throw new ConfigError(invalid('KINDRED_TRUSTED_PROXIES'))
  return {
    http: {
      host: text('HOST'),
      port: int('PORT'),
      bodyLimitBytes: int('HTTP_BODY_LIMIT_BYTES'),
      requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS'),
      maxEventLoopDelayMs: int('HTTP_MAX_EVENT_LOOP_DELAY_MS'),
      corsOrigins,
      trustedProxies,
    },
    database: {
      url: valid.DATABASE_URL === undefined ? undefined : text('DATABASE_URL'),
      poolMax: int('DATABASE_POOL_MAX'),
      poolMaxWaiting: int('DATABASE_POOL_MAX_WAITING'),
      connectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS'),
      connectionMaxLifetimeSeconds: int('DATABASE_CONNECTION_MAX_LIFETIME_S'),
      embedded: { dataDir: path.resolve(cwd, text('KINDRED_DATA_DIR')), port: int('EMBEDDED_PG_PORT') },
    },
    log: { level: text('LOG_LEVEL'), format: text('LOG_FORMAT') as Config['log']['format'] },
    worker: { mode: text('WORKER_MODE') as Config['worker']['mode'], concurrency: int('WORKER_CONCURRENCY') },
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS'),
    masterKey: valid.KINDRED_MASTER_KEY === undefined ? undefined : text('KINDRED_MASTER_KEY'),
    incubator: { thresholds, supportWindowDays: int('PROPOSAL_SUPPORT_WINDOW_DAYS') },
    statistics: {
      suppressionThreshold: int('KINDRED_STATS_SUPPRESSION_THRESHOLD'),
      schedule: text('KINDRED_STATS_SCHEDULE'),
      health: {
        moderatorIdleDays: int('KINDRED_HEALTH_MODERATOR_IDLE_DAYS'),
        reportWaitHours: int('KINDRED_HEALTH_REPORT_WAIT_HOURS'),
        joinWaitHours: int('KINDRED_HEALTH_JOIN_WAIT_HOURS'),
      },
    },
    placements: {
      clusters,
      poolMax: int('PLACEMENT_POOL_MAX'),
      connectionMaxStatements: int('PLACEMENT_CONNECTION_MAX_STATEMENTS'),
      connectionMaxLifetimeSeconds: int('PLACEMENT_CONNECTION_MAX_LIFETIME_S'),
    },
    cache: { ttlMs: int('CACHE_TTL_MS') },
    notifications: { fanOutDelayMs: int('NOTIFICATION_FAN_OUT_DELAY_MS') },
    mail: {
      smtpUrl: valid.SMTP_URL === undefined ? undefined : text('SMTP_URL'),
      from: text('MAIL_FROM'),
      publicUrl: (valid.KINDRED_PUBLIC_URL === undefined ? `http://localhost:${int('PORT')}` : text('KINDRED_PUBLIC_URL')).replace(
        /\/+$/,
        '',
      ),
      devMailbox: { smtpPort: int('DEV_MAILBOX_SMTP_PORT'), webPort: int('DEV_MAILBOX_WEB_PORT') },
    },
    limits: Object.fromEntries(
      Object.entries(rateLimitVariables).map(([family, variable]) => [family, parseRateLimit(text(variable))]),
    ) as RateLimits,
  }
}

function invalid(name: EnvironmentVariable): string {
  return `Invalid configuration: ${name} must be ${environmentSchema.properties[name].description}`
}

function describe(errors: ErrorObject[]): string {
  const [first] = errors
  if (first === undefined) return 'Invalid configuration'
  const name = first.instancePath.replace(/^\//, '')
  const property = Object.entries(environmentSchema.properties).find(([variable]) => variable === name)?.[1]
  return `Invalid configuration: ${name} must be ${property?.description ?? first.message ?? 'a valid value'}`
}
