import t from 'tap'
import { decodeCursor, encodeCursor } from '@kindred/forum'

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
    Buffer.from('1717171717123456.42.7').toString('base64url'),
    Buffer.from('1717171717123456.-1').toString('base64url'),
    Buffer.from('abc.42').toString('base64url'),
    Buffer.from('99999999999999999999.1').toString('base64url'),
    Buffer.from("1' or 1=1 --.1").toString('base64url'),
    '',
  ]
  for (const cursor of tampered) t.throws(() => decodeCursor(cursor), { code: 'KINDRED_BAD_REQUEST', statusCode: 400 }, JSON.stringify(cursor))
})
