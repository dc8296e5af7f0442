import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import t, { type Test } from 'tap'
import { loadConfig } from '@kindred/config'
import { createDatabase, startEmbeddedPostgres } from '@kindred/db'
import {
  createPlacements,
  queryTemplate,
  UnknownPlacementError,
  type Placements,
  type TenantDatabase,
  type TenantHandle,
} from '@kindred/community'
import { choosePlacement, provisionCommunity } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, databaseUrl, freePort, insertProposal, type TestDatabase } from '@kindred/testkit'

// A second PostgreSQL server of this file's own: the placements are two clusters, as in production.
const logs = captureLogs('warn')
const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-placement-'))
const second = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger: logs.logger })
t.teardown(async () => {
  await second.stop()
  await rm(dataDir, { recursive: true, force: true })
})

// Each test gets a database of its own on the second server too: community ids (and so schema names)
// start at 1 in every test's hub database.
async function secondDatabase(t: Test): Promise<string> {
  const name = `kindred_placement_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: second.url })
  await admin.connect()
  await admin.query(`create database ${name}`).finally(() => admin.end())
  t.teardown(async () => {
    const cleanup = new pg.Client({ connectionString: second.url })
    await cleanup.connect()
    await cleanup.query(`drop database if exists ${name} with (force)`).finally(() => cleanup.end())
  })
  return databaseUrl(second.url, name)
}

async function placementsOn(t: Test, test: TestDatabase, env: Record<string, string> = {}): Promise<Placements> {
  const config = loadConfig({ KINDRED_PLACEMENTS: `eu-2=${await secondDatabase(t)}`, ...env, DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  return placements
}

async function port<DB>(db: Kysely<DB>): Promise<string> {
  return (await sql<{ port: string }>`select current_setting('port') as port`.execute(db)).rows[0]?.port ?? ''
}

async function tenantPort(tenant: TenantHandle): Promise<string> {
  return (await tenant.query.selectNoFrom(sql<string>`current_setting('port')`.as('port')).executeTakeFirstOrThrow()).port
}

async function schemaExists<DB>(db: Kysely<DB>, schema: string): Promise<boolean> {
  return (await sql<{ found: boolean }>`select to_regnamespace(${schema}) is not null as found`.execute(db)).rows[0]?.found === true
}

async function provision(test: TestDatabase, placements: Placements, slug: string, placement?: string) {
  const proposal = await insertProposal(test.database.db, { slug, moderators: 1, members: 0 })
  const deps = { db: test.database.db, placements, logger: logs.logger }
  await provisionCommunity(deps, proposal.proposalId, placement === undefined ? {} : { placement })
  return test.database.db
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'placement', 'schema_name as schemaName', 'status'])
    .where('proposal_id', '=', proposal.proposalId)
    .executeTakeFirstOrThrow()
}

t.test('new communities go to the placement with the fewest communities, and live only there', async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test)
  t.same(placements.names, ['default', 'eu-2'])
  const placed = []
  for (const slug of ['first', 'second', 'third', 'fourth']) placed.push(await provision(test, placements, slug))
  t.same(
    placed.map((community) => community.placement),
    ['default', 'eu-2', 'default', 'eu-2'],
    'ties go to the first placement; otherwise the emptiest wins',
  )
  const hub = placements.database('default')
  const other = placements.database('eu-2')
  t.notOk(await schemaExists(other, 'hub'), 'a placement holds tenant schemas only, no hub tables')
  for (const community of placed) {
    t.equal(community.status, 'live')
    const [here, there] = community.placement === 'default' ? [hub, other] : [other, hub]
    t.ok(await schemaExists(here, community.schemaName), `${community.slug} is on ${community.placement}`)
    t.notOk(await schemaExists(there, community.schemaName), `${community.slug} is nowhere else`)
  }
})

t.test('a placement named by staff wins over the least loaded one', async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test)
  await provision(test, placements, 'alpha', 'eu-2')
  const chosen = await provision(test, placements, 'beta', 'eu-2')
  t.equal(chosen.placement, 'eu-2', 'even though eu-2 already holds one and default none')
  await t.rejects(
    test.database.db.transaction().execute((trx) => choosePlacement(trx, placements, 'nowhere')),
    UnknownPlacementError,
  )
})

t.test('tenantDb routes each community to its own cluster and schema', async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test)
  const onHub = await provision(test, placements, 'on-hub', 'default')
  const onSecond = await provision(test, placements, 'on-second', 'eu-2')
  const hubRoute = placements.tenantDb(onHub)
  const secondRoute = placements.tenantDb(onSecond)
  t.equal(hubRoute.schema, onHub.schemaName)
  t.equal(secondRoute.schema, onSecond.schemaName)
  t.equal(await tenantPort(hubRoute), await port(test.database.db), 'default is the hub database')
  t.equal(await tenantPort(secondRoute), new URL(second.url).port, 'eu-2 is the second server')
  const members = await secondRoute.query.selectFrom('members').select('role').orderBy('role').execute()
  t.same(members, [{ role: 'moderator' }, { role: 'owner' }])
  t.equal(placements.tenantDb({ ...onSecond }), secondRoute, 'a community keeps its handle from one request to the next')
  t.not(
    placements.tenantDb({ placement: 'eu-2', schemaName: onHub.schemaName }),
    hubRoute,
    'the same schema on another cluster is another tenant',
  )
  t.throws(() => placements.tenantDb({ placement: 'gone', schemaName: 'tenant_1' }), UnknownPlacementError)
})

t.test('placement connections are replaced after their configured number of distinct statements', async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test, { PLACEMENT_CONNECTION_MAX_STATEMENTS: '2', PLACEMENT_POOL_MAX: '1' })
  const db = placements.database('eu-2')
  const backend = async (on: Kysely<TenantDatabase>, statement: number): Promise<number> =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid, ${sql.lit(statement)} as statement`.execute(on)).rows[0]?.pid ?? 0
  const repeated = new Set<number>()
  for (let query = 0; query < 6; query += 1) repeated.add(await backend(db, 0))
  t.equal(repeated.size, 1, 'one statement six times: the connection is kept')
  t.ok(repeated.has(await backend(db, 1)), 'its second distinct statement runs on it too')
  const next = new Set<number>()
  for (let query = 2; query <= 7; query += 1) next.add(await backend(db, query))
  t.equal(next.size, 3, 'then six distinct statements on one connection slot, two per connection')
  t.notOk(
    [...next].some((pid) => repeated.has(pid)),
    'the first connection was replaced',
  )
  const inTransaction = await db
    .transaction()
    .execute(async (trx) => [await backend(trx, 8), await backend(trx, 9), await backend(trx, 10)])
  t.equal(new Set(inTransaction).size, 1, 'a transaction keeps its connection to the end, whatever it runs')
  t.not(await backend(db, 11), inTransaction[0], 'and the connection goes after it')
})

t.test("a query template's statement is prepared on a placement connection, and no other tenant statement", async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test, { PLACEMENT_POOL_MAX: '1' })
  const community = await provision(test, placements, 'prepared', 'eu-2')
  const tenant = placements.tenantDb(community)
  const owners = queryTemplate((tenant: TenantHandle, values: { role: 'owner' }) =>
    tenant.query.selectFrom('members').select('role').where('role', '=', values.role),
  )
  const plain = await tenant.query.selectFrom('members').select('approval').where('role', '=', 'owner').execute()
  t.equal(plain.length, 1, 'a parameterised statement that is not a template')
  t.same(await owners(tenant, { role: 'owner' }), [{ role: 'owner' }])
  t.same(await owners(tenant, { role: 'owner' }), [{ role: 'owner' }])
  // The pool's one connection ran all of the above and runs this (unparameterised) read too.
  const { statements } = await tenant.query
    .selectNoFrom(sql<string[]>`(select coalesce(array_agg(statement), '{}') from pg_prepared_statements)`.as('statements'))
    .executeTakeFirstOrThrow()
  t.equal(statements.length, 1, 'the template, once for both calls')
  t.match(statements[0], /^select "role" from "tenant_\d+"\."members" where "role" = \$1$/)
})

t.test('closing the placements ends every connection they opened, on every cluster', async (t) => {
  const test = await createTestDatabase(t)
  const placements = await placementsOn(t, test, { PLACEMENT_POOL_MAX: '3' })
  await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(placements.database('eu-2'))))
  await sql`select 1`.execute(placements.database('default'))
  const observer = createDatabase({
    url: second.url,
    poolMax: 1,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-test-observer',
    logger: logs.logger,
  })
  t.teardown(() => observer.close())
  const open = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from pg_stat_activity where application_name = 'kindred-test:eu-2'`.execute(
          observer.db,
        )
      ).rows[0]?.n,
    )
  t.equal(await open(), 3)
  await placements.close()
  t.equal(await open(), 0)
})
