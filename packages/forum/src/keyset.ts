import type { Expression, SqlBool } from 'kysely'
import { keyset, micros as microsOf, toPage as cutPage, type Page } from '@kindred/pagination'
import type { KeysetPosition } from './cursor.ts'

/** Page sizes a client may ask for. */
export const pageLimits = { default: 20, max: 50 } as const

/** The forum's lists are ordered by a timestamp (in microseconds), then the row's id. */
export const forumKeys = keyset(['time', 'bigint'])

/** A timestamp column in whole microseconds since the epoch, as text: exact, unlike a JS Date. */
export const micros = microsOf

/** `(column, id) <op> (position)` for a cursor, comparing at PostgreSQL's own precision; a bad cursor is 400. */
export function afterPosition(column: string, idColumn: string, op: '<' | '>', cursor: string): Expression<SqlBool> {
  return forumKeys.after([column, idColumn], op === '<' ? 'desc' : 'asc', forumKeys.decode(cursor))
}

/** Like afterPosition, for a cursor already decoded. */
export function afterKey(column: string, idColumn: string, op: '<' | '>', position: KeysetPosition): Expression<SqlBool> {
  return forumKeys.after([column, idColumn], op === '<' ? 'desc' : 'asc', [position.micros, position.id])
}

/** Cuts the one row fetched beyond `limit` off a page and makes the cursor of the next page from the last row kept. */
export function toPage<Row extends { id: string; position: string }, T>(rows: Row[], limit: number, view: (row: Row) => T): Page<T> {
  return cutPage(rows, limit, (row) => forumKeys.encode([row.position, row.id]), view)
}
