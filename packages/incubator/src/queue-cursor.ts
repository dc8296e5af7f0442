import type { ProposalStatus } from '@kindred/db'
import { KindredError } from '@kindred/errors'

/** How the queue is ordered: most supporters first, or most recent first. */
export type QueueSort = 'support' | 'newest'

/**
 * Where a page of the queue ended, for the next page to start after it (keyset pagination): the sort key
 * of the last proposal shown, and the listing it belongs to. `createdAt` is in microseconds since the
 * epoch, PostgreSQL's own precision (a JavaScript Date would round it, and skip or repeat proposals).
 */
export interface QueueCursor {
  sort: QueueSort
  /** The status filter of the listing; null: the default (open and ready). */
  status: ProposalStatus | null
  supporters: number
  createdAt: string
  id: string
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const microseconds = /^[0-9]{1,17}$/
const keys = ['createdAt', 'id', 'sort', 'status', 'supporters']

/** The opaque form of a cursor given to clients: base64url of its JSON. */
export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

const invalidCursor = (): KindredError =>
  new KindredError('KINDRED_VALIDATION_FAILED', 'cursor is not one this listing gave out; start again without it')

function parse(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

function isCursor(value: unknown): value is QueueCursor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const cursor = value as Record<string, unknown>
  return (
    Object.keys(cursor).sort().join() === keys.join() &&
    (cursor.sort === 'support' || cursor.sort === 'newest') &&
    (cursor.status === null || typeof cursor.status === 'string') &&
    Number.isSafeInteger(cursor.supporters) &&
    (cursor.supporters as number) >= 0 &&
    typeof cursor.createdAt === 'string' &&
    microseconds.test(cursor.createdAt) &&
    typeof cursor.id === 'string' &&
    uuid.test(cursor.id)
  )
}

/**
 * Reads a cursor given out for the same listing (same sort and status filter). Anything else, tampered
 * with or from another listing, is refused rather than guessed at.
 *
 * @throws KindredError `KINDRED_VALIDATION_FAILED` (400).
 */
export function decodeCursor(value: string, listing: { sort: QueueSort; status: ProposalStatus | null }): QueueCursor {
  const cursor = parse(value)
  if (!isCursor(cursor) || cursor.sort !== listing.sort || cursor.status !== listing.status) throw invalidCursor()
  return cursor
}
