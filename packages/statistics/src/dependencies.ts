import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Logger } from '@kindred/log'
import type { Placements } from '@kindred/community'

/** What aggregation runs with: the hub database (where the roll-ups go), the placements (where tenants are) and a logger. */
export interface StatisticsDependencies {
  db: Kysely<HubDatabase>
  placements: Placements
  logger: Logger
}
