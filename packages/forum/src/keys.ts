import type { Expression, SqlBool } from 'kysely'
import { keyset, micros, toPage as cutPage, type Page } from '@kindred/pagination'

/** Page sizes a client may ask for. */
export const pageLimits = { default: 20, max: 50 } as const

/** The forum's lists are ordered by a timestamp (in microseconds, see `micros`), then the row's id. */
export const forumKeys = keyset(['time', 'bigint'])

export { micros }

/** The rows after a cursor's position, `(column, id) <op> (position)`; a bad cursor is 400. */
export function afterPosition(column: string, idColumn: string, op: '<' | '>', cursor: string): Expression<SqlBool> {
  return forumKeys.after([column, idColumn], op === '<' ? 'desc' : 'asc', forumKeys.decode(cursor))
}

/** Cuts the one row fetched beyond `limit` off a page and makes the cursor of the next page from the last row kept. */
export function toPage<Row extends { id: string; position: string }, T>(rows: Row[], limit: number, view: (row: Row) => T): Page<T> {
  return cutPage(rows, limit, (row) => forumKeys.encode([row.position, row.id]), view)
}
