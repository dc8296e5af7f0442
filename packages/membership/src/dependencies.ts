import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements } from '@kindred/community'
import type { MemberCache } from './member-cache.ts'
import type { MembershipLinks } from './membership-links.ts'

/** A membership spans two databases: the hub's link between account and member, and the tenant's member row. */
export interface MembershipDependencies {
  hub: Kysely<HubDatabase>
  placements: Placements
  /**
   * Where reads may come from memory (switching community: the token it issues is checked against the
   * tenant's row on every request it makes); absent, every lookup reads the databases.
   */
  cache?: { links: MembershipLinks; members: MemberCache }
}
