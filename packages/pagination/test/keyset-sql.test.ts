import t from 'tap'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase } from '@kindred/testkit'
import { keyset, micros, toPage, type KeyColumns, type KeyKind, type Keyset, type KeyValues } from '@kindred/pagination'

interface Rows {
  rows: { id: string; member: string; at: Date; rank: number; name: string }
}

type Row = Rows['rows'] & { position: string; rank_text: string }

// Six rows in pairs that tie on every key but the last, at microseconds a JavaScript Date cannot tell apart.
async function seedRows(db: Kysely<Rows>): Promise<void> {
  await sql`create table rows (id bigint primary key, member uuid not null unique, at timestamptz not null, rank real not null, name text not null unique)`.execute(
    db,
  )
  await sql`
    insert into rows values
      (1, 'a0000000-0000-4000-8000-000000000001', '2024-06-01 10:00:00.000001+00', 0.1, 'ada'),
      (2, 'a0000000-0000-4000-8000-000000000002', '2024-06-01 10:00:00.000001+00', 0.1, 'Bo'),
      (3, 'a0000000-0000-4000-8000-000000000003', '2024-06-01 10:00:00.000002+00', 0.0607927, 'cy'),
      (4, 'a0000000-0000-4000-8000-000000000004', '2024-06-01 10:00:00.000002+00', 0.0607927, 'dee'),
      (5, 'a0000000-0000-4000-8000-000000000005', '2024-06-01 10:00:00.000003+00', 1e-05, 'ed'),
      (6, 'a0000000-0000-4000-8000-000000000006', '2024-06-01 10:00:00.000003+00', 1e-05, 'fi')
  `.execute(db)
}

interface Listing<Kinds extends readonly KeyKind[]> {
  keys: Keyset<Kinds>
  columns: KeyColumns<Kinds>
  order: 'asc' | 'desc'
  valuesOf: (row: Row) => KeyValues<Kinds>
}

// Every page of a listing, two rows at a time, each started from the previous page's cursor.
async function pageThrough<Kinds extends readonly KeyKind[]>(db: Kysely<Rows>, listing: Listing<Kinds>): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    let select = db
      .selectFrom('rows')
      .selectAll()
      .select([micros('at').as('position'), sql<string>`rank::text`.as('rank_text')])
    if (cursor !== null) select = select.where(listing.keys.after(listing.columns, listing.order, listing.keys.decode(cursor)))
    for (const column of listing.columns) select = select.orderBy(typeof column === 'string' ? sql.ref(column) : column, listing.order)
    const page = toPage(
      await select.limit(3).execute(),
      2,
      (row) => listing.keys.encode(listing.valuesOf(row)),
      (row) => row.id,
    )
    ids.push(...page.items)
    cursor = page.next
  } while (cursor !== null)
  return ids
}

t.test('pages of every kind of key follow the ORDER BY exactly, through ties and microseconds', async (t) => {
  const { database } = await createTestDatabase(t, { fromTemplate: false })
  const db = database.db as unknown as Kysely<Rows>
  await seedRows(db)
  t.same(
    await pageThrough(db, {
      keys: keyset(['time', 'bigint']),
      columns: ['at', 'id'],
      order: 'desc',
      valuesOf: (row) => [row.position, row.id],
    }),
    ['6', '5', '4', '3', '2', '1'],
    'time, then bigint, newest first',
  )
  t.same(
    await pageThrough(db, {
      keys: keyset(['time', 'uuid']),
      columns: ['at', 'member'],
      order: 'asc',
      valuesOf: (row) => [row.position, row.member],
    }),
    ['1', '2', '3', '4', '5', '6'],
    'time, then uuid, oldest first',
  )
  t.same(
    await pageThrough(db, {
      keys: keyset(['rank', 'bigint']),
      columns: ['rank', 'id'],
      order: 'desc',
      valuesOf: (row) => [row.rank_text, row.id],
    }),
    ['2', '1', '4', '3', '6', '5'],
    'rank, then bigint, best first',
  )
  t.same(
    await pageThrough(db, {
      keys: keyset(['text']),
      columns: [sql`lower(name)`],
      order: 'asc',
      valuesOf: (row) => [row.name.toLowerCase()],
    }),
    ['1', '2', '3', '4', '5', '6'],
    'text, by an expression',
  )
})
