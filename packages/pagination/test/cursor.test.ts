import t from 'tap'
import { keyset } from '@kindred/pagination'

// The keys of the forum's lists: a timestamp in microseconds, then the row's id.
const keys = keyset(['time', 'bigint'])
const encodeCursor = (position: { micros: string; id: string }) => keys.encode([position.micros, position.id])
const decodeCursor = (cursor: string) => {
  const [micros, id] = keys.decode(cursor)
  return { micros, id }
}
const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

t.test('a cursor reads back as the position it was made from', async (t) => {
  const position = { micros: '1717171717123456', id: '42' }
  t.same(decodeCursor(encodeCursor(position)), position)
})

// A cursor is a position, not a secret: one edited into another well-formed position only moves the page,
// so shape is what is checked, not a signature.
t.test('a cursor this server could not have handed out is refused with 400', async (t) => {
  const valid = encodeCursor({ micros: '1717171717123456', id: '42' })
  const tampered = [
    `${valid}x`,
    `${valid.slice(0, -1)}*`,
    `=${valid}`,
    json(['1717171717123456', '42', '7']),
    json(['1717171717123456', '-1']),
    json(['abc', '42']),
    json(['99999999999999999999', '1']),
    json(["1' or 1=1 --", '1']),
    '',
  ]
  for (const cursor of tampered)
    t.throws(() => decodeCursor(cursor), { code: 'KINDRED_BAD_REQUEST', statusCode: 400 }, JSON.stringify(cursor))
})
