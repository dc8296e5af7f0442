import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { proposalsWithSupport, toProposal, type Proposal } from './proposal.ts'
import { decodeCursor, encodeCursor, type QueueSort } from './queue-cursor.ts'
import type { IncubatorSettings } from './settings.ts'

/** What the public queue shows without a status filter: the proposals gathering support. */
export const defaultQueueStatuses = ['open', 'ready'] as const satisfies readonly ProposalStatus[]

export interface QueueQuery {
  /** One status; absent: open and ready. */
  status?: ProposalStatus | undefined
  sort: QueueSort
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined
  limit: number
}

export interface QueuePage {
  proposals: Proposal[]
  /** Absent on the last page. */
  nextCursor: string | null
}

// The sort keys as SQL; microseconds since the epoch keep PostgreSQL's full timestamp precision.
const createdAtMicros = sql<string>`(extract(epoch from p.created_at) * 1000000)::bigint::text`
const fromMicros = (micros: string) => sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`

/**
 * A page of proposals for the public queue, with their support progress, ordered by support (supporters,
 * then newest first) or by creation (newest first), continued from a cursor (keyset pagination: pages
 * stay consistent while proposals arrive, and the cost does not grow with the page number). Support
 * counts move while someone pages by support, so a proposal may then appear on two pages or on none; the
 * newest-first order is exact. Supporters are counted, never named.
 *
 * @example const { proposals, nextCursor } = await listProposals(db, config.incubator, { sort: 'support', limit: 20 })
 * @throws KindredError `KINDRED_VALIDATION_FAILED` (400) for a cursor this listing did not give out.
 */
export async function listProposals(db: Kysely<HubDatabase>, settings: IncubatorSettings, query: QueueQuery): Promise<QueuePage> {
  const listing = { sort: query.sort, status: query.status ?? null }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, listing)
  let select = proposalsWithSupport(db)
    .select(createdAtMicros.as('created_us'))
    .where('p.status', 'in', query.status === undefined ? defaultQueueStatuses : [query.status])
  if (query.sort === 'support') select = select.orderBy('s.supporters', 'desc')
  select = select.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(query.limit + 1)
  if (after !== undefined) {
    // Row comparison in the same order as the sort, every key descending.
    const position =
      query.sort === 'support'
        ? sql<boolean>`(s.supporters, p.created_at, p.id) < (${after.supporters}, ${fromMicros(after.createdAt)}, ${after.id}::uuid)`
        : sql<boolean>`(p.created_at, p.id) < (${fromMicros(after.createdAt)}, ${after.id}::uuid)`
    select = select.where(position)
  }
  const rows = await select.execute()
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ ...listing, supporters: last.supporters, createdAt: last.created_us, id: last.id })
      : null
  return { proposals: page.map((row) => toProposal(settings, row)), nextCursor }
}
