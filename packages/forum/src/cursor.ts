import { forumKeys } from './keyset.ts'

/** A keyset position of the forum's lists: a timestamp in microseconds since the epoch and the row's id. */
export interface KeysetPosition {
  micros: string
  id: string
}

/** Reads a cursor back; anything this server could not have handed out is 400 `KINDRED_BAD_REQUEST`. */
export function decodeCursor(cursor: string): KeysetPosition {
  const [micros, id] = forumKeys.decode(cursor)
  return { micros, id }
}
