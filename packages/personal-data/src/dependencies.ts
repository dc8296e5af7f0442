import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements } from '@kindred/community'

/** An account's data lives in the hub and in the tenant of every community it joined (even ones it left). */
export interface PersonalDataDependencies {
  hub: Kysely<HubDatabase>
  placements: Placements
}
