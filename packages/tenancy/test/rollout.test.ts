import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import t, { type Test } from 'tap'
import { loadConfig } from '@kindred/config'
import { migrationLockKey, tenantMigrations, type HubDatabase, type Migration } from '@kindred/db'
import { createPlacements, type Placements } from '@kindred/community'
import { provisionCommunity, rolloutTenantMigrations, type RolloutProgress } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, insertProposal, type TestDatabase } from '@kindred/testkit'

const logs = captureLogs('warn')

// The shipped tenant migrations plus one more, as the next release would bring. It also counts its own
// runs in a table outside the tenant, so a migration applied twice would show.
async function nextRelease(): Promise<Migration[]> {
  const text = `create table :SCHEMA.probe (id int);\ninsert into public.probe_runs (schema_name) values (':SCHEMA');\n`
  const probe = { name: '9001_probe', sql: text, checksum: createHash('sha256').update(text).digest('hex') }
  return [...(await tenantMigrations()), probe]
}

async function setUp(t: Test, poolMax = 5): Promise<{ test: TestDatabase; placements: Placements; db: Kysely<HubDatabase> }> {
  const test = await createTestDatabase(t, { poolMax })
  await sql`create table public.probe_runs (schema_name text not null)`.execute(test.database.db)
  const config = loadConfig({ DATABASE_URL: test.url, PLACEMENT_POOL_MAX: String(poolMax) })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  return { test, placements, db: test.database.db }
}

async function provisionMany(db: Kysely<HubDatabase>, placements: Placements, slugs: string[], migrations?: Migration[]): Promise<void> {
  for (const slug of slugs) {
    const proposal = await insertProposal(db, { slug, moderators: 1, members: 0 })
    await provisionCommunity(
      { db, placements, logger: logs.logger, ...(migrations === undefined ? {} : { tenantMigrations: migrations }) },
      proposal.proposalId,
    )
  }
}

async function versions(db: Kysely<HubDatabase>): Promise<Record<string, string | null>> {
  const rows = await db.selectFrom('hub.communities').select(['slug', 'migration_version']).orderBy('slug').execute()
  return Object.fromEntries(rows.map((row) => [row.slug, row.migration_version]))
}

async function probeRuns(db: Kysely<HubDatabase>): Promise<Map<string, number>> {
  const rows = await sql<{
    schema_name: string
    runs: string
  }>`select schema_name, count(*) as runs from public.probe_runs group by 1`.execute(db)
  return new Map(rows.rows.map((row) => [row.schema_name, Number(row.runs)]))
}

t.test('a rollout brings every tenant to the latest migration and goes on past a failing one, which it reports', async (t) => {
  const { db, placements } = await setUp(t)
  await provisionMany(db, placements, ['one', 'two', 'three', 'four'])
  const broken = await db.selectFrom('hub.communities').select('schema_name').where('slug', '=', 'three').executeTakeFirstOrThrow()
  // An edited migration in one tenant: the migrator refuses to go on there.
  await sql`update ${sql.id(broken.schema_name, 'schema_migrations')} set checksum = 'edited' where name = '0001_members'`.execute(db)

  const progress: RolloutProgress[] = []
  const migrations = await nextRelease()
  const result = await rolloutTenantMigrations(
    { db, placements, logger: logs.logger, tenantMigrations: migrations },
    { concurrency: 2, onProgress: (step) => progress.push(step) },
  )
  t.match(result, { total: 4, migrated: 3, notBuilt: 0, upToDate: 0 })
  t.match(result.failures, [
    { slug: 'three', placement: 'default', schema: broken.schema_name, error: /0001_members was changed after it was applied/ },
  ])
  t.same(progress.at(-1), { done: 4, total: 4, failed: 1 })
  t.same(
    progress.map((step) => step.done),
    [1, 2, 3, 4],
  )
  const before = (await tenantMigrations()).at(-1)?.name
  t.same(await versions(db), { four: '9001_probe', one: '9001_probe', three: before, two: '9001_probe' })

  const again = await rolloutTenantMigrations({ db, placements, logger: logs.logger, tenantMigrations: migrations }, { concurrency: 2 })
  t.match(again, { total: 1, migrated: 0, upToDate: 3 }, 'current tenants are skipped; only the failing one is tried again')
  t.equal(again.failures.length, 1)
  t.same([...(await probeRuns(db)).values()], [1, 1, 1], 'each migrated tenant ran the new migration once')
})

t.test('a community whose schema is not built yet is left to its provisioning', async (t) => {
  const { db, placements } = await setUp(t)
  const proposal = await insertProposal(db, { slug: 'pending' })
  // As the first provisioning step leaves it: the community exists, its schema does not yet.
  await db
    .insertInto('hub.communities')
    .values({
      slug: 'pending',
      proposal_id: proposal.proposalId,
      name: proposal.diseaseName,
      disease_name: proposal.diseaseName,
      disease_key: proposal.diseaseName.toLowerCase(),
      languages: ['en'],
      description: 'pending',
    })
    .execute()
  const result = await rolloutTenantMigrations({ db, placements, logger: logs.logger, tenantMigrations: await nextRelease() })
  t.match(result, { total: 1, migrated: 0, notBuilt: 1, failures: [] })
  const exists = await sql<{ found: boolean }>`select to_regnamespace('tenant_1') is not null as found`.execute(db)
  t.equal(exists.rows[0]?.found, false, 'the rollout did not create a half-built schema')
})

async function advisoryWaiters(db: Kysely<HubDatabase>, expected: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const waiting = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`.execute(db)
    if (Number(waiting.rows[0]?.n) >= expected) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`fewer than ${expected} sessions ever waited on an advisory lock`)
}

t.test('provisioning and a rollout racing on the same tenant apply every migration exactly once', async (t) => {
  const { db, placements } = await setUp(t, 8)
  await provisionMany(db, placements, ['old-1', 'old-2', 'old-3', 'old-4'])
  const migrations = await nextRelease()
  const deps = { db, placements, logger: logs.logger, tenantMigrations: migrations }
  const contested = await insertProposal(db, { slug: 'new-1', moderators: 1, members: 0 })
  const others = await Promise.all(['new-2', 'new-3', 'new-4'].map((slug) => insertProposal(db, { slug, moderators: 1, members: 0 })))
  const outcome = await placements
    .database('default')
    .connection()
    .execute(async (holder) => {
      // new-1 will be tenant_5. Holding its migration lock stops its provisioning right before it builds
      // the schema; the rollout, started next, queues behind the same lock for the same tenant.
      await sql`select pg_advisory_lock(${migrationLockKey('tenant_5')})`.execute(holder)
      const provisioning = provisionCommunity(deps, contested.proposalId)
      await advisoryWaiters(db, 1)
      const rollout = rolloutTenantMigrations(deps, { concurrency: 4 })
      await advisoryWaiters(db, 2)
      const alsoProvisioning = others.map((proposal) => provisionCommunity(deps, proposal.proposalId))
      await sql`select pg_advisory_unlock(${migrationLockKey('tenant_5')})`.execute(holder)
      return { provisioned: await Promise.all([provisioning, ...alsoProvisioning]), rollout: await rollout }
    })
  t.same(outcome.rollout.failures, [])
  t.ok(outcome.rollout.total >= 5, 'the rollout saw the contested tenant')
  for (const result of outcome.provisioned) t.equal(result.outcome, 'live')
  const runs = await probeRuns(db)
  const schemas = await db.selectFrom('hub.communities').select('schema_name').orderBy('id').execute()
  t.equal(schemas.length, 8)
  t.equal(schemas[4]?.schema_name, 'tenant_5')
  for (const { schema_name: schema } of schemas) t.equal(runs.get(schema), 1, `${schema}: the new migration ran once`)
  t.same(new Set(Object.values(await versions(db))), new Set(['9001_probe']), 'every tenant is recorded at the latest migration')
})
