import type { Kysely } from 'kysely'
import type { HubDatabase, Migration } from '@kindred/db'
import type { Logger } from '@kindred/log'
import type { Placements } from '@kindred/community'

/** What provisioning and rollout work with: the hub, the placements, a logger. */
export interface TenancyDependencies {
  db: Kysely<HubDatabase>
  placements: Placements
  logger: Logger
  /** The tenant migration set; defaults to migrations/tenant (tests pass sets with more migrations). */
  tenantMigrations?: readonly Migration[]
}
