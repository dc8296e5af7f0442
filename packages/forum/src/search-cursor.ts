import { KindredError } from '@kindred/errors'

/**
 * A position in search results, which are ordered by rank, then id (both descending): the rank as
 * PostgreSQL prints its `real` (the shortest text that reads back as the very same value, so the next page
 * starts exactly after this row) and the post's id.
 */
export interface RankPosition {
  rank: string
  id: string
}

const rankPattern = /^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,12})?(?:e[+-]?[0-9]{1,2})?$/
const idPattern = /^[0-9]{1,18}$/
const invalidCursor = (): KindredError => new KindredError('KINDRED_BAD_REQUEST', 'The cursor is not one this server handed out')

/**
 * The opaque cursor of a search page's last result.
 *
 * @example encodeRankCursor({ rank: '0.1', id: '42' }) // 'MC4xIDQy'
 */
export function encodeRankCursor(position: RankPosition): string {
  return Buffer.from(`${position.rank} ${position.id}`, 'utf8').toString('base64url')
}

/**
 * Reads a search cursor back; anything this server could not have handed out is 400 `KINDRED_BAD_REQUEST`.
 *
 * @example decodeRankCursor('MC4xIDQy') // { rank: '0.1', id: '42' }
 */
export function decodeRankCursor(cursor: string): RankPosition {
  const [rank, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(' ')
  if (rank === undefined || id === undefined || rest.length > 0 || !rankPattern.test(rank) || !idPattern.test(id)) throw invalidCursor()
  // base64url decoding skips characters it does not know: only the canonical spelling is accepted.
  if (encodeRankCursor({ rank, id }) !== cursor) throw invalidCursor()
  return { rank, id }
}
