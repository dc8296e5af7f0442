/** A page of a listing and the cursor of the next page (null: this was the last). */
export interface Page<T> {
  items: T[]
  next: string | null
}

/** A page asked for: after `cursor` (the `next` of the previous page), at most `limit` items. */
export interface PageQuery {
  cursor?: string | undefined
  limit: number
}

/**
 * Cuts the one row fetched beyond `limit` off (its presence is what says there is a next page) and makes
 * the next page's cursor from the last row kept.
 *
 * @example const page = toPage(rows, query.limit, (row) => keys.encode([row.position, row.id]), threadView)
 */
export function toPage<Row, T>(rows: readonly Row[], limit: number, cursorOf: (row: Row) => string, view: (row: Row) => T): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return { items: kept.map(view), next: rows.length > limit && last !== undefined ? cursorOf(last) : null }
}
