import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements, TenantDatabase } from '@kindred/community'

/** A community's room on its placement: its schema's tables with their indexes and TOAST. */
export interface CommunitySize {
  slug: string
  bytes: number
}

/** A placement's live and archived communities, as measured. */
export interface PlacementSizes {
  name: string
  communities: readonly CommunitySize[]
}

export interface ProposedMove {
  slug: string
  from: string
  to: string
  bytes: number
}

export interface RebalancePlan {
  /** Every placement, in the order given, with its communities' bytes now and once the moves are done. */
  placements: Array<{ name: string; before: number; after: number }>
  /** In the order to run them: each was chosen with the ones before it done. */
  moves: ProposedMove[]
  /**
   * Whether the placements are within the tolerance once the moves are done. Not when the fullest holds
   * only communities larger than the gap, or `maxMoves` was reached.
   */
  balanced: boolean
}

export interface RebalanceOptions {
  /** The spread between the fullest and the emptiest placement left alone, as a share of the mean. Default 0.1. */
  tolerance?: number
  /** Default 20. */
  maxMoves?: number
}

/**
 * The moves that would even out the placements by size, from sizes measured beforehand: while the fullest
 * placement holds more than `tolerance` of the mean above the emptiest, its largest community that
 * narrows the gap between the two (smaller than the gap: a larger one would only turn the imbalance
 * round) goes to the emptiest. Ties go to the placement given first and the community first by slug. A
 * community is moved at most once: moving it on again would cost its members a second write pause.
 *
 * @example planMoves([{ name: 'default', communities: [{ slug: 'fop', bytes: 9e9 }, { slug: 'mps', bytes: 3e9 }] }, { name: 'eu-2', communities: [] }])
 * // { placements: [{ name: 'default', before: 12e9, after: 3e9 }, ...], moves: [{ slug: 'fop', from: 'default', to: 'eu-2', bytes: 9e9 }] }
 */
export function planMoves(sizes: readonly PlacementSizes[], options: RebalanceOptions = {}): RebalancePlan {
  const held = new Map(sizes.map((placement) => [placement.name, [...placement.communities]]))
  const before = totals(held)
  const allowed = (options.tolerance ?? 0.1) * (sum(before.map((placement) => placement.bytes)) / Math.max(before.length, 1))
  const moves: ProposedMove[] = []
  while (moves.length < (options.maxMoves ?? 20)) {
    const move = nextMove(held, allowed, new Set(moves.map((done) => done.slug)))
    if (move === undefined) break
    held.set(move.from, held.get(move.from)?.filter((community) => community.slug !== move.slug) ?? [])
    held.get(move.to)?.push({ slug: move.slug, bytes: move.bytes })
    moves.push(move)
  }
  const after = new Map(totals(held).map((placement) => [placement.name, placement.bytes]))
  const spread = Math.max(...after.values()) - Math.min(...after.values())
  return {
    placements: before.map(({ name, bytes }) => ({ name, before: bytes, after: after.get(name) ?? 0 })),
    moves,
    balanced: spread <= allowed,
  }
}

function nextMove(
  held: ReadonlyMap<string, readonly CommunitySize[]>,
  allowed: number,
  moved: ReadonlySet<string>,
): ProposedMove | undefined {
  // Sorts are stable: among equals, the placement given first.
  const fullest = totals(held).sort((a, b) => b.bytes - a.bytes)[0]
  const emptiest = totals(held).sort((a, b) => a.bytes - b.bytes)[0]
  if (fullest === undefined || emptiest === undefined) return undefined
  const gap = fullest.bytes - emptiest.bytes
  if (gap <= allowed) return undefined
  const community = [...(held.get(fullest.name) ?? [])]
    .sort((a, b) => b.bytes - a.bytes || (a.slug < b.slug ? -1 : 1))
    .find((candidate) => candidate.bytes > 0 && candidate.bytes < gap && !moved.has(candidate.slug))
  return community === undefined ? undefined : { slug: community.slug, from: fullest.name, to: emptiest.name, bytes: community.bytes }
}

function totals(held: ReadonlyMap<string, readonly CommunitySize[]>): Array<{ name: string; bytes: number }> {
  return [...held].map(([name, communities]) => ({ name, bytes: sum(communities.map((community) => community.bytes)) }))
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

/**
 * Measures every placement and plans the moves that would even them out ({@link planMoves}); moves
 * nothing. Each placement is asked, even one without a community: a proposal to move communities to a
 * placement that cannot be reached would be no proposal, so its error is thrown.
 *
 * @example const { moves } = await proposeMoves({ db, placements }, { tolerance: 0.05 }) // [{ slug: 'fop', from: 'default', to: 'eu-2', bytes: 4300000 }]
 */
export async function proposeMoves(
  deps: { db: Kysely<HubDatabase>; placements: Placements },
  options: RebalanceOptions = {},
): Promise<RebalancePlan> {
  const communities = await deps.db
    .selectFrom('hub.communities')
    .select(['slug', 'placement', 'schema_name as schemaName'])
    .where('status', 'in', ['live', 'archived'])
    .where('placement', 'in', [...deps.placements.names])
    .execute()
  const sizes: PlacementSizes[] = []
  for (const name of deps.placements.names) {
    const here = communities.filter((community) => community.placement === name)
    const bytes = await schemaBytes(
      deps.placements.database(name),
      here.map((community) => community.schemaName),
    )
    sizes.push({ name, communities: here.map(({ slug, schemaName }) => ({ slug, bytes: bytes.get(schemaName) ?? 0 })) })
  }
  return planMoves(sizes, options)
}

// Tables and materialized views, each with its indexes and TOAST (pg_total_relation_size); a schema
// missing from the placement has no row.
async function schemaBytes(db: Kysely<TenantDatabase>, schemas: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ schema: string; bytes: string }>`
    select n.nspname as schema, sum(pg_catalog.pg_total_relation_size(c.oid))::bigint as bytes
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any(${schemas}::name[]) and c.relkind in ('r', 'm')
    group by n.nspname`.execute(db)
  return new Map(rows.map((row) => [row.schema, Number(row.bytes)]))
}
