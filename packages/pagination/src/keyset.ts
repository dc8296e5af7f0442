import { sql, type Expression, type SqlBool } from 'kysely'
import { KindredError } from '@kindred/errors'
import { keyKinds, type KeyKind } from './key-kinds.ts'

/** A cursor's values, one for each key, in the listing's order, as text (see `KeyKind`). */
export type KeyValues<Kinds extends readonly KeyKind[]> = { readonly [Index in keyof Kinds]: string }

/** Where each key is read from: a column (`'t.id'`) or an expression (sql`lower(pseudonym)`). */
export type KeyColumns<Kinds extends readonly KeyKind[]> = { readonly [Index in keyof Kinds]: string | Expression<unknown> }

/** The keys of one listing's order, and its cursors. */
export interface Keyset<Kinds extends readonly KeyKind[]> {
  /** The opaque cursor of a row: base64url of a JSON array of its keys (and the listing's name first, if it has one). */
  encode(values: KeyValues<Kinds>): string
  /** Reads a cursor back; undefined for anything this keyset could not have encoded. */
  read(cursor: string): KeyValues<Kinds> | undefined
  /** Reads a cursor back; anything this keyset could not have encoded is 400 `KINDRED_BAD_REQUEST`. */
  decode(cursor: string): KeyValues<Kinds>
  /**
   * The rows after a position in a listing ordered by `columns`, every one `asc` or every one `desc`: one
   * row comparison, which an index on the same columns in the same order serves as a range.
   */
  after(columns: KeyColumns<Kinds>, order: 'asc' | 'desc', values: KeyValues<Kinds>): Expression<SqlBool>
}

// Every list answers a bad cursor alike: one code, and what the client does about it.
const invalidCursor = (): KindredError =>
  new KindredError('KINDRED_BAD_REQUEST', 'cursor is not one this listing gave out; start again without it')

function parse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

const isTextArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * The keyset of a listing ordered by keys of these kinds (the last one unique, such as the id, so that no
 * two rows share a position). A `listing` name makes its cursors good for that listing only: a cursor of
 * another sort or filter is refused rather than read as a position it never was.
 *
 * @example
 * const threadKeys = keyset(['time', 'bigint'])
 * select.where(threadKeys.after(['t.last_activity_at', 't.id'], 'desc', threadKeys.decode(cursor)))
 * -- where ("t"."last_activity_at", "t"."id") < ((timestamptz 'epoch' + $1::bigint * interval '1 microsecond'), $2::bigint)
 */
export function keyset<const Kinds extends readonly KeyKind[]>(kinds: Kinds, listing?: string): Keyset<Kinds> {
  const encode = (values: KeyValues<Kinds>): string => {
    const payload = listing === undefined ? values : [listing, ...values]
    return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  }
  const read = (cursor: string): KeyValues<Kinds> | undefined => {
    const payload = parse(cursor)
    if (!isTextArray(payload)) return undefined
    const values = listing === undefined ? payload : payload.slice(1)
    if (listing !== undefined && payload[0] !== listing) return undefined
    if (values.length !== kinds.length || !kinds.every((kind, index) => keyKinds[kind].valid(values[index] ?? ''))) return undefined
    const position = values as unknown as KeyValues<Kinds>
    // base64url decoding skips characters it does not know, and JSON allows spaces: only the spelling this
    // server gives out is accepted.
    return encode(position) === cursor ? position : undefined
  }
  return {
    encode,
    read,
    decode: (cursor) => {
      const values = read(cursor)
      if (values === undefined) throw invalidCursor()
      return values
    },
    after: (columns, order, values) => {
      // kysely's refTuple and tuple are typed for two to five references of a known table; these keys are
      // any number, of any query, so the same row comparison is written from references and parameters.
      const left = sql.join(columns.map((column: string | Expression<unknown>) => (typeof column === 'string' ? sql.ref(column) : column)))
      const right = sql.join(kinds.map((kind, index) => keyKinds[kind].sql(values[index] ?? '')))
      return sql<SqlBool>`(${left}) ${sql.raw(order === 'asc' ? '>' : '<')} (${right})`
    },
  }
}
