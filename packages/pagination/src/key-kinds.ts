import { sql, type RawBuilder } from 'kysely'

/**
 * What a key of a cursor holds, each carried as the text PostgreSQL prints for it:
 * - `bigint`: an id or a count, in decimal;
 * - `uuid`: a uuid, lower case;
 * - `time`: a timestamp in whole microseconds since the epoch (see `micros`);
 * - `rank`: a search rank (`real`), as PostgreSQL prints it, the shortest text that reads back as the same value;
 * - `text`: a name or other text without control characters, compared in the column's collation.
 */
export type KeyKind = 'bigint' | 'uuid' | 'time' | 'rank' | 'text'

interface KindRules {
  /** Whether a decoded value is one this kind could have been encoded from. */
  valid: (value: string) => boolean
  /** The value as SQL of the column's type, so that PostgreSQL compares it at full precision. */
  sql: (value: string) => RawBuilder<unknown>
}

const matches = (pattern: RegExp) => (value: string) => pattern.test(value)
const digits = matches(/^[0-9]{1,18}$/)

export const keyKinds: Record<KeyKind, KindRules> = {
  bigint: { valid: digits, sql: (value) => sql`${value}::bigint` },
  uuid: { valid: matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), sql: (value) => sql`${value}::uuid` },
  time: { valid: digits, sql: (value) => sql`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')` },
  rank: { valid: matches(/^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,12})?(?:e[+-]?[0-9]{1,2})?$/), sql: (value) => sql`${value}::real` },
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  text: { valid: (value) => !/[\u0000-\u001F\u007F]/.test(value), sql: (value) => sql`${value}::text` },
}

/**
 * A timestamp column as a `time` key: whole microseconds since the epoch, as text. A JavaScript Date would
 * round it to milliseconds, and a page would then skip or repeat the rows of one millisecond.
 *
 * @example db.selectFrom('posts').select(micros('created_at').as('position'))
 * -- select (extract(epoch from "created_at") * 1000000)::bigint::text as "position" from "posts"
 */
export const micros = (column: string): RawBuilder<string> => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`
