import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { UnknownPlacementError, type Placements } from '@kindred/community'

/**
 * The placement a new community goes to: the one staff named, or else the one holding the fewest
 * communities (every status counts: archived and failed ones still occupy their cluster), ties going to
 * the first in `placements.names`. Call it in the transaction that inserts the community: it takes a
 * transaction lock so that communities provisioned at the same time spread out instead of all picking
 * the same emptiest placement.
 *
 * @example const placement = await choosePlacement(trx, placements) // 'default' on a new installation
 * @throws UnknownPlacementError when staff named a placement that is not configured.
 */
export async function choosePlacement(trx: Kysely<HubDatabase>, placements: Placements, requested?: string): Promise<string> {
  if (requested !== undefined) {
    if (!placements.has(requested)) throw new UnknownPlacementError(requested)
    return requested
  }
  await sql`select pg_advisory_xact_lock(hashtextextended('kindred.placement.choice', 0))`.execute(trx)
  const rows = await trx
    .selectFrom('hub.communities')
    .select(['placement', (eb) => eb.fn.countAll<string>().as('count')])
    .where('placement', 'in', [...placements.names])
    .groupBy('placement')
    .execute()
  const counts = new Map(rows.map((row) => [row.placement, Number(row.count)]))
  const count = (name: string): number => counts.get(name) ?? 0
  const [first, ...others] = placements.names
  if (first === undefined) throw new Error('there is no placement at all')
  let chosen = first
  for (const name of others) if (count(name) < count(chosen)) chosen = name
  return chosen
}
