import { sql, type Kysely } from 'kysely'
import t, { type Test } from 'tap'
import { loadConfig } from '@kindred/config'
import { tenantMigrations, type HubDatabase } from '@kindred/db'
import { createPlacements } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, insertProposal, queuedJobs, spawnApp, type TestDatabase } from '@kindred/testkit'
import { describeProgress } from '../src/progress.ts'

const cli = 'apps/cli/src/main.ts'
const logs = captureLogs('warn')

async function withCommunities(t: Test, slugs: string[]): Promise<TestDatabase> {
  const test = await createTestDatabase(t)
  const placements = createPlacements({
    hubUrl: test.url,
    config: loadConfig({ DATABASE_URL: test.url }),
    applicationName: 'kindred-test',
    logger: logs.logger,
  })
  t.teardown(() => placements.close())
  for (const slug of slugs) {
    const proposal = await insertProposal(test.database.db, { slug, moderators: 1, members: 0 })
    await provisionCommunity({ db: test.database.db, placements, logger: logs.logger }, proposal.proposalId)
  }
  return test
}

async function versions(db: Kysely<HubDatabase>): Promise<Array<string | null>> {
  const rows = await db.selectFrom('hub.communities').select('migration_version').orderBy('slug').execute()
  return rows.map((row) => row.migration_version)
}

t.test('tenants:migrate migrates the tenants behind, lists the failing ones and exits 1', async (t) => {
  const test = await withCommunities(t, ['alpha', 'beta', 'gamma'])
  const { db } = test.database
  // As after a release that adds a tenant migration: the hub records every tenant as behind.
  await db.updateTable('hub.communities').set({ migration_version: '0001_members' }).execute()
  const gamma = await db.selectFrom('hub.communities').select('schema_name').where('slug', '=', 'gamma').executeTakeFirstOrThrow()
  await sql`update ${sql.id(gamma.schema_name, 'schema_migrations')} set checksum = 'edited' where name = '0001_members'`.execute(db)

  const run = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['tenants:migrate', '--concurrency', '2'])
  t.equal(await run.exited, 1)
  t.match(run.stdout(), /Tenants: 2 migrated, 0 already current, 1 failed\./)
  t.match(
    run.stderr(),
    /These tenants failed to migrate:\n {2}gamma \(default\/tenant_\d+\): .*0001_members was changed after it was applied/,
  )
  t.match(run.stderr(), /^3\/3 tenants, 1 failed, [\d.]+\/s, ETA 0s$/m, 'progress as plain lines when stderr is not a terminal')
  t.notMatch(run.stderr(), /\r/)
  const latest = (await tenantMigrations()).at(-1)?.name
  t.same(await versions(db), [latest, latest, '0001_members'])
})

t.test('tenants:migrate skips current tenants and exits 0; wrong arguments exit 2', async (t) => {
  const test = await withCommunities(t, ['alpha', 'beta'])
  const run = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['tenants:migrate'])
  t.equal(await run.exited, 0)
  t.match(run.stdout(), /Tenants: 0 migrated, 2 already current, 0 failed\./)
  for (const args of [['--concurrency'], ['--concurrency', '0'], ['--concurrency=abc'], ['--fast']]) {
    const wrong = spawnApp(t, cli, { DATABASE_URL: test.url }, ['tenants:migrate', ...args])
    t.equal(await wrong.exited, 2, args.join(' '))
    t.match(wrong.stderr(), /Usage: npm run kindred -- tenants:migrate \[--concurrency N\]/)
  }
})

t.test('communities:retry queues a failed provisioning again, and refuses any other status', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const proposal = await insertProposal(db, { slug: 'broken', status: 'provisioning' })
  await db
    .insertInto('hub.communities')
    .values({
      slug: 'broken',
      proposal_id: proposal.proposalId,
      name: proposal.diseaseName,
      disease_name: proposal.diseaseName,
      disease_key: proposal.diseaseName.toLowerCase(),
      languages: ['en'],
      description: 'broken',
      status: 'provisioning_failed',
    })
    .execute()
  const retry = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['communities:retry', 'broken'])
  t.equal(await retry.exited, 0)
  t.match(retry.stdout(), /Provisioning of broken is queued again/)
  t.match(await queuedJobs(pool), [{ task: 'community__provision', payload: { proposalId: proposal.proposalId } }])
  const history = await db.selectFrom('hub.community_events').select(['action', 'actor_id']).execute()
  t.same(history, [{ action: 'provisioning_retry', actor_id: null }])

  const again = spawnApp(t, cli, { DATABASE_URL: test.url, LOG_LEVEL: 'fatal' }, ['communities:retry', 'broken'])
  t.equal(await again.exited, 1)
  t.match(again.stderr(), /The community is provisioning; only a provisioning_failed community can be moved to provisioning/)
  const missing = spawnApp(t, cli, { DATABASE_URL: test.url }, ['communities:retry'])
  t.equal(await missing.exited, 2)
})

t.test('progress shows done, total, failures, rate and time left', async (t) => {
  t.equal(describeProgress({ done: 250, total: 5000, failed: 0 }, 10, 'tenants'), '250/5000 tenants, 25.0/s, ETA 3m10s')
  t.equal(describeProgress({ done: 10, total: 10, failed: 2 }, 4, 'tenants'), '10/10 tenants, 2 failed, 2.5/s, ETA 0s')
  t.equal(describeProgress({ done: 0, total: 10, failed: 0 }, 0, 'communities'), '0/10 communities, 0.0/s, ETA ?')
})
