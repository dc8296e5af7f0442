import { sql, type RawBuilder } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { Page } from '@kindred/forum'

/** A page a moderator asks for: after `cursor` (the `next` of the previous page), at most `limit` rows. */
export interface PageQuery {
  cursor?: string
  limit: number
}

/**
 * The kind of key that breaks ties between rows of the same microsecond: a bigint id (reports, log
 * entries) or a member's uuid (join requests). @kindred/forum's cursors know bigint ids only.
 */
export type KeyKind = 'bigint' | 'uuid'

interface Position {
  micros: string
  key: string
}

const keyPatterns: Record<KeyKind, RegExp> = {
  bigint: /^[0-9]{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
}
const digits = /^[0-9]{1,18}$/
const invalidCursor = (): KindredError => new KindredError('KINDRED_BAD_REQUEST', 'The cursor is not one this server handed out')

const encodeCursor = (position: Position): string => Buffer.from(`${position.micros}.${position.key}`, 'utf8').toString('base64url')

function decodeCursor(cursor: string, kind: KeyKind): Position {
  const [micros, key, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('.')
  if (micros === undefined || key === undefined || rest.length > 0 || !digits.test(micros) || !keyPatterns[kind].test(key)) throw invalidCursor()
  // base64url decoding skips characters it does not know: only the canonical spelling is accepted.
  if (encodeCursor({ micros, key }) !== cursor) throw invalidCursor()
  return { micros, key }
}

/** A timestamp column in whole microseconds since the epoch, as text: exact, unlike a JS Date. */
export const micros = (column: string): RawBuilder<string> => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`

/** `(column, key) <op> (cursor's position)`, compared at PostgreSQL's own precision; a tampered cursor is 400. */
export function afterCursor(column: string, keyColumn: string, op: '<' | '>', cursor: string, kind: KeyKind): RawBuilder<boolean> {
  const position = decodeCursor(cursor, kind)
  const at = sql`(timestamptz 'epoch' + ${position.micros}::bigint * interval '1 microsecond')`
  const key = kind === 'uuid' ? sql`${position.key}::uuid` : sql`${position.key}::bigint`
  return sql<boolean>`(${sql.ref(column)}, ${sql.ref(keyColumn)}) ${sql.raw(op)} (${at}, ${key})`
}

/** Cuts the one row fetched beyond `limit` off a page; the next page starts after the last row kept. */
export function toPage<Row extends { position: string }, T>(rows: Row[], limit: number, keyOf: (row: Row) => string, view: (row: Row) => T): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  const next = rows.length > limit && last !== undefined ? encodeCursor({ micros: last.position, key: keyOf(last) }) : null
  return { items: kept.map(view), next }
}
