import { KindredError } from '@kindred/errors'

/**
 * A keyset position: a timestamp in microseconds since the epoch (PostgreSQL's precision, which a JS
 * Date would round to milliseconds and so skip or repeat rows) and the row's id.
 */
export interface KeysetPosition {
  micros: string
  id: string
}

const digits = /^[0-9]{1,18}$/
const invalidCursor = (): KindredError => new KindredError('KINDRED_BAD_REQUEST', 'The cursor is not one this server handed out')

/**
 * The opaque cursor of a page's last row, for `?cursor=`.
 *
 * @example encodeCursor({ micros: '1717171717000000', id: '42' }) // 'MTcxNzE3MTcxNzAwMDAwMC40Mg'
 */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.micros}.${position.id}`, 'utf8').toString('base64url')
}

/**
 * Reads a cursor back; anything this server could not have handed out is 400 `KINDRED_BAD_REQUEST`.
 *
 * @example decodeCursor('MTcxNzE3MTcxNzAwMDAwMC40Mg') // { micros: '1717171717000000', id: '42' }
 */
export function decodeCursor(cursor: string): KeysetPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const [micros, id, ...rest] = text.split('.')
  if (micros === undefined || id === undefined || rest.length > 0 || !digits.test(micros) || !digits.test(id)) throw invalidCursor()
  // base64url decoding skips characters it does not know: only the canonical spelling is accepted.
  if (encodeCursor({ micros, id }) !== cursor) throw invalidCursor()
  return { micros, id }
}
