import t from 'tap'
import { keyset, toPage } from '@kindred/pagination'

t.test('a cursor reads back as the values it was made from, for every kind of key', async (t) => {
  const keys = keyset(['bigint', 'uuid', 'time', 'rank', 'text'])
  const values = ['7', '0b5f8a3c-1d2e-4f60-8a9b-0c1d2e3f4a5b', '1717171717123456', '6.07927e-05', 'ada. lovelace'] as const
  t.same(keys.decode(keys.encode(values)), values)
  t.match(keys.encode(values), /^[A-Za-z0-9_-]+$/, 'opaque base64url, as the routes’ cursor schemas take it')
})

// What decodes to no array of the keys' number and shapes (cursor.test.ts has the edited ones).
t.test('a cursor that is not the keys’ array is refused with 400, NULs included', async (t) => {
  const keys = keyset(['time', 'bigint'])
  const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const refused = [
    'AAAA',
    Buffer.from(' ["1717171717123456","42"]').toString('base64url'),
    json(['1717171717123456']),
    json(['1717171717123456', 42]),
    json({ micros: '1717171717123456', id: '42' }),
    json(null),
  ]
  for (const cursor of refused)
    t.throws(() => keys.decode(cursor), { code: 'KINDRED_BAD_REQUEST', statusCode: 400 }, JSON.stringify(cursor))
})

t.test('each kind refuses values of another shape', async (t) => {
  const refused: Array<[Parameters<typeof keyset>[0][number], string]> = [
    ['uuid', '0B5F8A3C-1D2E-4F60-8A9B-0C1D2E3F4A5B'],
    ['uuid', 'not-a-uuid'],
    ['rank', '-0.1'],
    ['rank', 'NaN'],
    ['text', 'a\u0000b'],
    ['text', 'line\nbreak'],
  ]
  for (const [kind, value] of refused) {
    const keys = keyset([kind])
    t.equal(keys.read(keys.encode([value])), undefined, `${kind} ${JSON.stringify(value)}`)
  }
})

t.test('a cursor of one listing is refused by another, and by the same keys without a listing', async (t) => {
  const newest = keyset(['time', 'uuid'], 'newest/open')
  const cursor = newest.encode(['1717171717123456', '0b5f8a3c-1d2e-4f60-8a9b-0c1d2e3f4a5b'])
  t.ok(newest.read(cursor))
  t.equal(keyset(['time', 'uuid'], 'newest/ready').read(cursor), undefined)
  t.equal(keyset(['time', 'uuid']).read(cursor), undefined)
  t.throws(() => keyset(['time', 'uuid'], 'newest/ready').decode(cursor), { code: 'KINDRED_BAD_REQUEST' })
})

t.test('a page keeps `limit` rows and has a next cursor only when a row beyond them was fetched', async (t) => {
  const rows = [{ id: '3' }, { id: '2' }, { id: '1' }]
  const cursorOf = (row: { id: string }) => `after ${row.id}`
  t.same(
    toPage(rows, 2, cursorOf, (row) => Number(row.id)),
    { items: [3, 2], next: 'after 2' },
  )
  t.same(
    toPage(rows, 3, cursorOf, (row) => Number(row.id)),
    { items: [3, 2, 1], next: null },
  )
  t.same(
    toPage([], 3, cursorOf, (row) => row),
    { items: [], next: null },
  )
})
