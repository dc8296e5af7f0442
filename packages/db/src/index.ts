export { createDatabase, type Database, type DatabaseOptions } from './create-database.ts'
export { PreparingClient, preparingClient, type StatementNamer } from './preparing-client.ts'
export { countingClient, retiringPool } from './retiring-pool.ts'
export { isDatabaseUnavailable, communityMovingCode } from './connection-errors.ts'
export {
  listenForNotifications,
  shareListener,
  type NotificationHandlers,
  type NotificationListener,
  type SharedListener,
} from './notifications.ts'
export { createNotifiedCache, type NotifiedCache, type NotifiedCacheOptions, type CacheKey } from './notified-cache.ts'
export { accountChangesChannel, createAccountCache, type AccountCache, type HubCacheOptions } from './hub-caches.ts'
export { rateLimitCounter, pruneRateLimits, type RateLimitCounter, type RateLimitHit } from './rate-limits.ts'
export type {
  HubDatabase,
  NetworkRole,
  PublicJwk,
  PrevalenceClass,
  ProposalStatus,
  ProposalNewsKind,
  SupportAs,
  CommunityStatus,
  CommunityAction,
  DisclosureNature,
  DailyFigures,
  MailDeliveryState,
  AccountLinkPurpose,
} from './hub-schema.ts'
export {
  loadMigrations,
  migrateSchema,
  migrationLockKey,
  pendingMigrations,
  MigrationError,
  type Migration,
} from './migrations/migrator.ts'
export { hubMigrations, migrateHub, hubSchema } from './migrations/hub.ts'
export { tenantMigrations, migrateTenantSchema } from './migrations/tenant.ts'
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/start-embedded-postgres.ts'
export { useDatabaseServer, type DatabaseServer } from './database-server.ts'
