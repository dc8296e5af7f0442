import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements } from '@kindred/tenancy'

/** A membership spans two databases: the hub's link between account and member, and the tenant's member row. */
export interface MembershipDependencies {
  hub: Kysely<HubDatabase>
  placements: Placements
}
