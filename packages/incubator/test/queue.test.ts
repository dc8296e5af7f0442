import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { listProposals, type QueueQuery, type QueueSort } from '@kindred/incubator'
import { createTestDatabase } from '@kindred/testkit'
import { addSupporters, settings } from './fixtures.ts'

interface Seeded {
  id: string
  slug: string
  /** Order of creation; proposals created in one transaction share their creation time. */
  createdRank: number
  supporters: number
}

function row(slug: string) {
  return {
    id: randomUUID(),
    founder_id: null,
    disease_name: `Disease ${slug}`,
    disease_key: `disease ${slug}`,
    slug,
    summary: 's',
    languages: ['en'],
    founder_statement: 'f',
    expires_at: new Date(Date.now() + 86_400_000),
  }
}

// Three proposals created in one transaction (the same created_at: only the id orders them), three later
// ones in transactions of their own, one declined; support with ties.
async function seed(db: Kysely<HubDatabase>): Promise<Seeded[]> {
  const seeded: Seeded[] = []
  const together = ['aaa', 'bbb', 'ccc'].map(row)
  await db.insertInto('hub.proposals').values(together).execute()
  together.forEach((proposal) => seeded.push({ id: proposal.id, slug: proposal.slug, createdRank: 0, supporters: 0 }))
  for (const [rank, slug] of ['ddd', 'eee', 'fff'].entries()) {
    const proposal = row(slug)
    await db.insertInto('hub.proposals').values(proposal).execute()
    seeded.push({ id: proposal.id, slug, createdRank: rank + 1, supporters: 0 })
  }
  await db
    .insertInto('hub.proposals')
    .values({ ...row('declined-one'), status: 'declined' })
    .execute()
  for (const [slug, supporters] of [
    ['aaa', 2],
    ['ccc', 2],
    ['ddd', 1],
    ['fff', 2],
  ] as const) {
    const proposal = seeded.find((entry) => entry.slug === slug)
    if (proposal === undefined) throw new Error(slug)
    await addSupporters(db, proposal.id, supporters, 'member')
    proposal.supporters = supporters
  }
  return seeded
}

const newestFirst = (a: Seeded, b: Seeded) => b.createdRank - a.createdRank || (a.id < b.id ? 1 : -1)
const expectedOrder: Record<QueueSort, (a: Seeded, b: Seeded) => number> = {
  newest: newestFirst,
  support: (a, b) => b.supporters - a.supporters || newestFirst(a, b),
}

async function everyPage(t: Test, db: Kysely<HubDatabase>, query: Omit<QueueQuery, 'cursor'>) {
  const slugs: string[] = []
  let cursor: string | undefined
  for (let page = 0; page < 20; page += 1) {
    const result = await listProposals(db, settings, { ...query, cursor })
    t.ok(result.proposals.length <= query.limit)
    slugs.push(...result.proposals.map((proposal) => proposal.slug))
    if (result.nextCursor === null) return slugs
    cursor = result.nextCursor
  }
  throw new Error('the pages never ended')
}

for (const sort of ['newest', 'support'] as const) {
  t.test(`paging by ${sort} visits every proposal once, in order, whatever the page size`, async (t) => {
    const { database } = await createTestDatabase(t)
    const seeded = await seed(database.db)
    const expected = [...seeded].sort(expectedOrder[sort]).map((proposal) => proposal.slug)
    for (const limit of [1, 2, 4, 6, 50]) t.same(await everyPage(t, database.db, { sort, limit }), expected, `pages of ${limit}`)
    if (sort === 'support') {
      t.equal(expected[0], 'fff', 'two supporters, and the newest of those')
      t.same(new Set(expected.slice(1, 3)), new Set(['aaa', 'ccc']), 'two supporters, created together')
      t.same(expected.slice(3), ['ddd', 'eee', 'bbb'], 'one supporter, then none: newest first')
    } else {
      t.same(expected.slice(0, 3), ['fff', 'eee', 'ddd'])
    }
  })
}

t.test('the queue shows progress towards each proposal’s own thresholds, and only gathering proposals unless asked', async (t) => {
  const { database } = await createTestDatabase(t)
  await seed(database.db)
  const { proposals, nextCursor } = await listProposals(database.db, settings, { sort: 'support', limit: 1 })
  t.match(proposals, [{ slug: 'fff', progress: { supporters: 2, moderators: 0, thresholds: settings.thresholds.unknown } }])
  t.type(nextCursor, 'string')
  const declined = await listProposals(database.db, settings, { sort: 'newest', status: 'declined', limit: 10 })
  t.same(
    declined.proposals.map((proposal) => proposal.slug),
    ['declined-one'],
  )
  t.equal(declined.nextCursor, null)
  t.notOk((await everyPage(t, database.db, { sort: 'newest', limit: 3 })).includes('declined-one'))
})

t.test('a cursor that was tampered with, or given for another listing, is refused with 400', async (t) => {
  const { database } = await createTestDatabase(t)
  await seed(database.db)
  const { nextCursor } = await listProposals(database.db, settings, { sort: 'newest', limit: 2 })
  if (nextCursor === null) throw new Error('expected a second page')
  // A cursor is base64url of a JSON array: the listing's name, then the keys (created_at in µs, the id).
  const [listing, createdAt, id] = JSON.parse(Buffer.from(nextCursor, 'base64url').toString()) as string[]
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const bad = [
    'not a cursor',
    nextCursor.slice(0, -3),
    encode([listing, "1'; drop table hub.proposals; --", id]),
    encode([listing, createdAt, 'x']),
    encode([listing, '-1', id]),
    encode([listing, createdAt, id, 'extra']),
    encode([[listing, createdAt, id]]),
    encode(null),
  ]
  for (const cursor of bad) {
    await t.rejects(
      listProposals(database.db, settings, { sort: 'newest', limit: 2, cursor }),
      { code: 'KINDRED_BAD_REQUEST', statusCode: 400, message: /^cursor/ },
      cursor,
    )
  }
  await t.rejects(
    listProposals(database.db, settings, { sort: 'support', limit: 2, cursor: nextCursor }),
    { code: 'KINDRED_BAD_REQUEST' },
    'another sort',
  )
  await t.rejects(
    listProposals(database.db, settings, { sort: 'newest', status: 'open', limit: 2, cursor: nextCursor }),
    { code: 'KINDRED_BAD_REQUEST' },
    'another filter',
  )
  t.equal(
    (await listProposals(database.db, settings, { sort: 'newest', limit: 2, cursor: nextCursor })).proposals.length,
    2,
    'the genuine cursor works',
  )
})
