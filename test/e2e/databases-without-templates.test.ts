// The harness's mode for a Citus coordinator, which refuses templates other than template1 (docs/citus.md):
// `KINDRED_TEST_TEMPLATES=off npm test` creates each database from template1 and migrates it. This file
// runs in that mode itself, on the suite's server, by clearing the template test/run.ts named for it.
import { sql } from 'kysely'
import t from 'tap'
import type { Database } from '@kindred/db'
import { buildTestHub, createTestDatabase, provisionTestCommunity, testEnvironment } from '@kindred/testkit'

process.env.KINDRED_TEST_TEMPLATE = ''

async function kindredSchemas(database: Database): Promise<string[]> {
  const result = await sql<{ nspname: string }>`
    select nspname from pg_namespace where nspname in ('hub', 'graphile_worker') order by nspname`.execute(database.db)
  return result.rows.map((row) => row.nspname)
}

t.test('without templates, a test database is created from template1 and migrated', async (t) => {
  t.equal(testEnvironment().template, null)
  const { database } = await createTestDatabase(t)
  t.same(await kindredSchemas(database), ['graphile_worker', 'hub'])
  const empty = await createTestDatabase(t, { fromTemplate: false })
  t.same(await kindredSchemas(empty.database), [], 'an empty database stays empty')
})

t.test('without templates, a hub provisions communities on both placements', async (t) => {
  const hub = await buildTestHub(t)
  for (const slug of ['no-template-a', 'no-template-b']) await provisionTestCommunity(hub, slug)
  const live = await hub.database.db
    .selectFrom('hub.communities')
    .select(['slug', 'placement'])
    .where('status', '=', 'live')
    .orderBy('slug')
    .execute()
  t.same(
    live.map((community) => community.slug),
    ['no-template-a', 'no-template-b'],
  )
  t.equal(new Set(live.map((community) => community.placement)).size, 2)
})
