import { sql, type RawBuilder } from 'kysely'
import { decodeCursor, encodeCursor, type KeysetPosition } from './cursor.ts'
import type { Page } from './views.ts'

/** Page sizes a client may ask for. */
export const pageLimits = { default: 20, max: 50 } as const

/** A timestamp column in whole microseconds since the epoch, as text: exact, unlike a JS Date. */
export const micros = (column: string): RawBuilder<string> => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`

/** `(column, id) <op> (position)` for a cursor, comparing at PostgreSQL's own precision. */
export function afterPosition(column: string, idColumn: string, op: '<' | '>', cursor: string): RawBuilder<boolean> {
  return afterKey(column, idColumn, op, decodeCursor(cursor))
}

/** Like afterPosition, for a cursor already decoded. */
export function afterKey(column: string, idColumn: string, op: '<' | '>', position: KeysetPosition): RawBuilder<boolean> {
  const at = sql`(timestamptz 'epoch' + ${position.micros}::bigint * interval '1 microsecond')`
  return sql<boolean>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${sql.raw(op)} (${at}, ${position.id}::bigint)`
}

/** Cuts the one row fetched beyond `limit` off a page and makes the cursor of the next page from the last row kept. */
export function toPage<Row extends { id: string; position: string }, T>(rows: Row[], limit: number, view: (row: Row) => T): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  const next = rows.length > limit && last !== undefined ? encodeCursor({ micros: last.position, id: last.id }) : null
  return { items: kept.map(view), next }
}
