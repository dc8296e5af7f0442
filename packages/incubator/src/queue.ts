import type { Expression, Kysely, SqlBool } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { keyset, micros, toPage, type KeyColumns, type KeyKind, type Keyset, type KeyValues } from '@kindred/pagination'
import { proposalsWithSupport, toProposal, type Proposal } from './proposal.ts'
import type { IncubatorSettings } from './settings.ts'

/** What the public queue shows without a status filter: the proposals gathering support. */
export const defaultQueueStatuses = ['open', 'ready'] as const satisfies readonly ProposalStatus[]

/** How the queue is ordered: most supporters first, or most recent first. */
export type QueueSort = 'support' | 'newest'

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

interface QueueRow {
  supporters: number
  /** `created_at` in microseconds since the epoch. */
  created_us: string
  id: string
}

interface QueueOrder {
  after: (cursor: string) => Expression<SqlBool>
  cursorOf: (row: QueueRow) => string
}

function order<Kinds extends readonly KeyKind[]>(
  keys: Keyset<Kinds>,
  columns: KeyColumns<Kinds>,
  valuesOf: (row: QueueRow) => KeyValues<Kinds>,
): QueueOrder {
  return {
    after: (cursor) => keys.after(columns, 'desc', keys.decode(cursor)),
    cursorOf: (row) => keys.encode(valuesOf(row)),
  }
}

// Each sort's keys in its ORDER BY's order. A cursor names its listing (sort and status filter): one from
// another listing is refused rather than read as a position in this one.
function queueOrder(query: QueueQuery): QueueOrder {
  const listing = `${query.sort}/${query.status ?? defaultQueueStatuses.join(',')}`
  if (query.sort === 'support') {
    const keys = keyset(['bigint', 'time', 'uuid'], listing)
    return order(keys, ['s.supporters', 'p.created_at', 'p.id'], (row) => [String(row.supporters), row.created_us, row.id])
  }
  return order(keyset(['time', 'uuid'], listing), ['p.created_at', 'p.id'], (row) => [row.created_us, row.id])
}

/**
 * A page of proposals for the public queue, with their support progress, ordered by support (supporters,
 * then newest first) or by creation (newest first), continued from a cursor (keyset pagination: pages
 * stay consistent while proposals arrive, and the cost does not grow with the page number). Support
 * counts move while someone pages by support, so a proposal may then appear on two pages or on none; the
 * newest-first order is exact. Supporters are counted, never named.
 *
 * @example const { proposals, nextCursor } = await listProposals(db, config.incubator, { sort: 'support', limit: 20 })
 * @throws KindredError `KINDRED_BAD_REQUEST` (400) for a cursor this listing did not give out.
 */
export async function listProposals(db: Kysely<HubDatabase>, settings: IncubatorSettings, query: QueueQuery): Promise<QueuePage> {
  const { after, cursorOf } = queueOrder(query)
  let select = proposalsWithSupport(db)
    .select(micros('p.created_at').as('created_us'))
    .where('p.status', 'in', query.status === undefined ? defaultQueueStatuses : [query.status])
  if (query.cursor !== undefined) select = select.where(after(query.cursor))
  if (query.sort === 'support') select = select.orderBy('s.supporters', 'desc')
  const rows = await select
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = toPage(rows, query.limit, cursorOf, (row) => toProposal(settings, row))
  return { proposals: page.items, nextCursor: page.next }
}
