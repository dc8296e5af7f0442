import { corsOriginsPattern } from './cors-origins.ts'
import { trustedProxiesPattern } from './trusted-proxies.ts'
import { placementsPattern } from './placements.ts'
import { proposalThresholdsPattern } from './proposal-thresholds.ts'
import { rateLimitSchema } from './rate-limits.ts'

/**
 * Every environment variable Kindred reads, with its type, default and a description phrased as what is
 * expected, so that a validation failure can say exactly that. Values arrive as strings; ajv coerces them.
 */
export const environmentSchema = {
  type: 'object',
  properties: {
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'the interface the HTTP API listens on' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000, description: 'a TCP port from 0 to 65535' },
    DATABASE_URL: {
      type: 'string',
      pattern: '^postgres(ql)?://[^\\s]+$',
      description: 'a PostgreSQL connection URL such as postgres://user:password@host:5432/kindred (unset: embedded PostgreSQL)',
    },
    DATABASE_POOL_MAX: { type: 'integer', minimum: 1, maximum: 200, default: 10, description: 'connections per process, 1 to 200' },
    DATABASE_POOL_MAX_WAITING: {
      type: 'integer',
      minimum: 0,
      default: 100,
      description: 'requests that may wait for a database connection before new ones are shed with 503',
    },
    DATABASE_CONNECT_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 5000, description: 'milliseconds, at least 100' },
    DATABASE_CONNECTION_MAX_LIFETIME_S: {
      type: 'integer',
      minimum: 0,
      default: 600,
      description: 'seconds before a pooled connection is recycled (0: never)',
    },
    KINDRED_DATA_DIR: {
      type: 'string',
      minLength: 1,
      default: '.kindred',
      description: 'a folder for local state such as the embedded database',
    },
    KINDRED_MASTER_KEY: {
      type: 'string',
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description:
        'base64 of 32 random bytes (`openssl rand -base64 32`), the key that encrypts the token signing keys (unset: generated into KINDRED_DATA_DIR on the embedded database)',
    },
    EMBEDDED_PG_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 54329, description: 'a TCP port from 1 to 65535' },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'one of fatal, error, warn, info, debug, trace, silent',
    },
    LOG_FORMAT: {
      type: 'string',
      enum: ['json', 'pretty', 'auto'],
      default: 'auto',
      description: 'json, pretty or auto (pretty in a terminal)',
    },
    HTTP_BODY_LIMIT_BYTES: { type: 'integer', minimum: 1024, default: 1_048_576, description: 'bytes, at least 1024' },
    HTTP_REQUEST_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 30_000, description: 'milliseconds, at least 1000' },
    HTTP_MAX_EVENT_LOOP_DELAY_MS: {
      type: 'integer',
      minimum: 0,
      default: 1000,
      description: 'milliseconds of event-loop delay above which requests are shed with 503 (0: never)',
    },
    KINDRED_CORS_ORIGINS: {
      type: 'string',
      pattern: corsOriginsPattern,
      description:
        'comma-separated origins of browser apps allowed to call the API, each a lower-case scheme (http or https), host and optional port with nothing after, as browsers send them, e.g. https://app.example.org (no *, no path, no default port)',
    },
    KINDRED_TRUSTED_PROXIES: {
      type: 'string',
      pattern: trustedProxiesPattern,
      description:
        'comma-separated addresses or CIDR ranges of the load balancers in front of the hub, e.g. 10.0.0.5,10.0.1.0/24, whose X-Forwarded-For names the client (unset: the connecting address is the client)',
    },
    KINDRED_PUBLIC_URL: {
      type: 'string',
      pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
      description:
        'the address people reach the site at, as links in mail should name it, e.g. https://kindred.example.org (no query; unset: http://localhost and PORT)',
    },
    SMTP_URL: {
      type: 'string',
      pattern: '^smtps?://[^\\s]+$',
      description:
        'the SMTP server mail is handed to, e.g. smtps://user:password@smtp.example.org:465 (unset: a development mailbox started with the hub)',
    },
    MAIL_FROM: {
      type: 'string',
      minLength: 3,
      default: 'Kindred <kindred@localhost>',
      description: 'the sender of every message, e.g. Kindred <no-reply@kindred.example.org>',
    },
    DEV_MAILBOX_SMTP_PORT: {
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 1025,
      description: 'the TCP port of the development mailbox SMTP server, used when SMTP_URL is unset (0: any free port)',
    },
    DEV_MAILBOX_WEB_PORT: {
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 1080,
      description: 'the TCP port of the development mailbox web view, used when SMTP_URL is unset (0: any free port)',
    },
    WORKER_MODE: {
      type: 'string',
      enum: ['in-process', 'off'],
      default: 'in-process',
      description: 'in-process (the hub also runs background jobs) or off (a separate worker process does)',
    },
    WORKER_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 100, default: 4, description: 'jobs run at once, 1 to 100' },
    SHUTDOWN_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 10_000, description: 'milliseconds, at least 100' },
    KINDRED_PLACEMENTS: {
      type: 'string',
      pattern: placementsPattern,
      description:
        'comma-separated name=postgres://… entries, the PostgreSQL clusters that hold community schemas besides the hub\'s own database (placement "default"); names of lower-case letters, digits and hyphens, each used once, never "default"',
    },
    PLACEMENT_POOL_MAX: {
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: 3,
      description: 'connections per placement per process, 1 to 50',
    },
    CACHE_TTL_MS: {
      type: 'integer',
      minimum: 0,
      maximum: 3_600_000,
      default: 60_000,
      description:
        'milliseconds a hub keeps a member, membership or account profile it read, at most (changes are heard at once); 0 turns the caches off',
    },
    NOTIFICATION_FAN_OUT_DELAY_MS: {
      type: 'integer',
      minimum: 0,
      maximum: 60_000,
      default: 200,
      description: "milliseconds a hub gathers a community's new posts before queueing one notification fan-out for them all, 0 to 60000",
    },
    PLACEMENT_CONNECTION_MAX_STATEMENTS: {
      type: 'integer',
      minimum: 0,
      default: 200,
      description: 'distinct statements a placement connection runs before it is replaced (0: no limit)',
    },
    PLACEMENT_CONNECTION_MAX_LIFETIME_S: {
      type: 'integer',
      minimum: 0,
      default: 300,
      description: 'seconds before a placement connection is replaced (0: never)',
    },
    PROPOSAL_THRESHOLDS: {
      type: 'string',
      pattern: proposalThresholdsPattern,
      description:
        'comma-separated class=supporters/moderators overrides, e.g. lt_1_per_1m=3/1,unknown=10/2, with classes lt_1_per_1m, 1_9_per_1m, 1_9_per_100k, 1_5_per_10k, unknown, each at most once, at least 1 supporter and no more moderators than supporters',
    },
    PROPOSAL_SUPPORT_WINDOW_DAYS: {
      type: 'integer',
      minimum: 1,
      maximum: 365,
      default: 90,
      description: 'days a proposal has to gather its supporters, 1 to 365',
    },
    KINDRED_STATS_SUPPRESSION_THRESHOLD: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 10,
      description: 'the largest count public statistics suppress (counts from 1 up to it are never shown), 1 to 100',
    },
    KINDRED_STATS_SCHEDULE: {
      type: 'string',
      pattern: '^[0-9*,/-]+( [0-9*,/-]+){4}$',
      default: '0 * * * *',
      description:
        'when statistics are aggregated, as a five-field cron pattern of numbers, *, ranges, lists and steps (UTC), e.g. 0 * * * * for hourly',
    },
    KINDRED_HEALTH_MODERATOR_IDLE_DAYS: {
      type: 'integer',
      minimum: 1,
      maximum: 365,
      default: 14,
      description: 'days without a moderator action after which the staff dashboard raises an alert, 1 to 365',
    },
    KINDRED_HEALTH_REPORT_WAIT_HOURS: {
      type: 'integer',
      minimum: 1,
      maximum: 8760,
      default: 48,
      description: 'hours a report may wait unresolved before the staff dashboard raises an alert, 1 to 8760',
    },
    KINDRED_HEALTH_JOIN_WAIT_HOURS: {
      type: 'integer',
      minimum: 1,
      maximum: 8760,
      default: 72,
      description: 'hours a join request may wait for a decision before the staff dashboard raises an alert, 1 to 8760',
    },
    KINDRED_LIMIT_REGISTER_PER_ADDRESS: rateLimitSchema('10/1h', 'registrations from one address'),
    KINDRED_LIMIT_LOGIN_PER_ADDRESS: rateLimitSchema('30/15m', 'sign-in attempts from one address, to any account'),
    KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: rateLimitSchema('10/15m', 'failed sign-ins to one account from one address'),
    KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: rateLimitSchema(
      '100/1h',
      'failed sign-ins to one account from every address it has not signed in from lately',
    ),
    KINDRED_LIMIT_REFRESH_PER_ADDRESS: rateLimitSchema('120/15m', 'session refreshes from one address'),
    KINDRED_LIMIT_PASSWORD_RESET_PER_ADDRESS: rateLimitSchema(
      '20/1h',
      'password reset requests and new passwords set by a reset link, from one address',
    ),
    KINDRED_LIMIT_PASSWORD_RESET_PER_EMAIL: rateLimitSchema('5/1h', 'password reset requests for one email address, from all addresses'),
    KINDRED_LIMIT_PASSWORD_CHECK_PER_ADDRESS: rateLimitSchema('10/15m', 'password changes and erasure requests from one address'),
    KINDRED_LIMIT_PASSWORD_CHECK_PER_ACCOUNT: rateLimitSchema('10/1h', 'password changes and erasure requests of one account'),
    KINDRED_LIMIT_VERIFICATION_MAIL_PER_ACCOUNT: rateLimitSchema(
      '5/1h',
      'verification links one account asks for: sent again, or to a new address',
    ),
    KINDRED_LIMIT_JOIN_PER_ADDRESS: rateLimitSchema('30/1h', 'requests to join a community from one address'),
    KINDRED_LIMIT_PROPOSALS_PER_ACCOUNT: rateLimitSchema('5/1d', 'community proposals one account opens'),
    KINDRED_LIMIT_THREADS_PER_MEMBER: rateLimitSchema('20/1h', 'threads one member opens in a community'),
    KINDRED_LIMIT_POSTS_PER_MEMBER: rateLimitSchema(
      '300/1h',
      'posts, edits, deletions and charter acceptances (new threads included) of one member in a community',
    ),
    KINDRED_LIMIT_REACTIONS_PER_MEMBER: rateLimitSchema('600/1h', '"me too" reactions of one member in a community'),
    KINDRED_LIMIT_MESSAGES_PER_MEMBER: rateLimitSchema('120/1h', 'direct messages one member sends or deletes in a community'),
    KINDRED_LIMIT_MODERATION_PER_MEMBER: rateLimitSchema(
      '120/1h',
      'moderation actions (categories and community settings included) of one member in a community',
    ),
    KINDRED_LIMIT_REPORTS_PER_MEMBER: rateLimitSchema('30/1h', 'reports one member files in a community'),
  },
  required: [
    'HOST',
    'PORT',
    'DATABASE_POOL_MAX',
    'DATABASE_POOL_MAX_WAITING',
    'DATABASE_CONNECT_TIMEOUT_MS',
    'DATABASE_CONNECTION_MAX_LIFETIME_S',
    'KINDRED_DATA_DIR',
    'EMBEDDED_PG_PORT',
    'LOG_LEVEL',
    'LOG_FORMAT',
    'HTTP_BODY_LIMIT_BYTES',
    'HTTP_REQUEST_TIMEOUT_MS',
    'HTTP_MAX_EVENT_LOOP_DELAY_MS',
    'MAIL_FROM',
    'DEV_MAILBOX_SMTP_PORT',
    'DEV_MAILBOX_WEB_PORT',
    'WORKER_MODE',
    'WORKER_CONCURRENCY',
    'SHUTDOWN_TIMEOUT_MS',
    'PLACEMENT_POOL_MAX',
    'CACHE_TTL_MS',
    'NOTIFICATION_FAN_OUT_DELAY_MS',
    'PLACEMENT_CONNECTION_MAX_STATEMENTS',
    'PLACEMENT_CONNECTION_MAX_LIFETIME_S',
    'PROPOSAL_SUPPORT_WINDOW_DAYS',
    'KINDRED_STATS_SUPPRESSION_THRESHOLD',
    'KINDRED_STATS_SCHEDULE',
    'KINDRED_HEALTH_MODERATOR_IDLE_DAYS',
    'KINDRED_HEALTH_REPORT_WAIT_HOURS',
    'KINDRED_HEALTH_JOIN_WAIT_HOURS',
    'KINDRED_LIMIT_REGISTER_PER_ADDRESS',
    'KINDRED_LIMIT_LOGIN_PER_ADDRESS',
    'KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS',
    'KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT',
    'KINDRED_LIMIT_REFRESH_PER_ADDRESS',
    'KINDRED_LIMIT_PASSWORD_RESET_PER_ADDRESS',
    'KINDRED_LIMIT_PASSWORD_RESET_PER_EMAIL',
    'KINDRED_LIMIT_PASSWORD_CHECK_PER_ADDRESS',
    'KINDRED_LIMIT_PASSWORD_CHECK_PER_ACCOUNT',
    'KINDRED_LIMIT_VERIFICATION_MAIL_PER_ACCOUNT',
    'KINDRED_LIMIT_JOIN_PER_ADDRESS',
    'KINDRED_LIMIT_PROPOSALS_PER_ACCOUNT',
    'KINDRED_LIMIT_THREADS_PER_MEMBER',
    'KINDRED_LIMIT_POSTS_PER_MEMBER',
    'KINDRED_LIMIT_REACTIONS_PER_MEMBER',
    'KINDRED_LIMIT_MESSAGES_PER_MEMBER',
    'KINDRED_LIMIT_MODERATION_PER_MEMBER',
    'KINDRED_LIMIT_REPORTS_PER_MEMBER',
  ],
} as const

export type EnvironmentVariable = keyof typeof environmentSchema.properties
