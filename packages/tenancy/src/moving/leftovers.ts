import type { Kysely } from 'kysely'
import { isDatabaseUnavailable, type HubDatabase } from '@kindred/db'
import type { Placements } from '@kindred/community'
import type { Logger } from '@kindred/log'
import { dropSchema } from './copies.ts'
import { liftWriteFence } from './fence.ts'
import { stopReplication } from './replication.ts'

/** Where the hub routes a community now: the one fact that decides which copy of it is the real one. */
export async function currentHome(db: Kysely<HubDatabase>, communityId: string): Promise<string> {
  const row = await db.selectFrom('hub.communities').select('placement').where('id', '=', communityId).executeTakeFirstOrThrow()
  return row.placement
}

/**
 * Undoes what a move that did not finish left behind, from the hub's route as it stands now: the
 * subscriptions, slots and publications of the schema's move on every placement, any copy of the schema
 * on a placement other than its home, and the write fence on its home. Run before every move (under the
 * move's lock) and after a failed one, so a crash or a failure anywhere leaves the community writable
 * again after a rerun. A placement that cannot be reached is skipped: its leftovers wait for the next run.
 */
export async function clearLeftovers(
  deps: { db: Kysely<HubDatabase>; placements: Placements; logger: Logger },
  community: { id: string; schemaName: string },
): Promise<void> {
  const home = await currentHome(deps.db, community.id)
  const schema = community.schemaName
  const onEach = async (step: (db: ReturnType<Placements['database']>, name: string) => Promise<void>): Promise<void> => {
    for (const name of deps.placements.names) {
      try {
        await step(deps.placements.database(name), name)
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error
        deps.logger.warn({ placement: name, schema }, 'placement unreachable; its leftovers of a move stay until the next one')
      }
    }
  }
  // Subscriptions first: each holds its slot on the other side until it is gone.
  await onEach((db) => stopReplication({ target: db }, schema))
  await onEach((db) => stopReplication({ source: db }, schema))
  await onEach(async (db, name) => {
    await (name === home ? liftWriteFence(db, schema) : dropSchema(db, schema))
  })
}
