import { sql, type Kysely } from 'kysely'
import t from 'tap'
import {
  hubMigrations,
  hubSchema,
  loadMigrations,
  migrateHub,
  migrateSchema,
  migrationLockKey,
  pendingMigrations,
  tenantMigrations,
  type Migration,
} from '@kindred/db'
import { createTestDatabase, migrationFolder } from '@kindred/testkit'

type AnyDatabase = Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any

async function appliedNames(db: AnyDatabase, schema: string): Promise<string[]> {
  const rows = await db.withSchema(schema).selectFrom('schema_migrations').select('name').orderBy('name').execute()
  return rows.map((row) => row.name as string)
}

async function tableExists(db: AnyDatabase, qualifiedName: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`select to_regclass(${qualifiedName}) is not null as found`.execute(db)
  return result.rows[0]?.found === true
}

t.test('the hub migrations apply to an empty database, and applying them again changes nothing', async (t) => {
  const { database } = await createTestDatabase(t, { fromTemplate: false })
  const all = (await hubMigrations()).map((migration) => migration.name)
  t.same(await migrateHub(database.db), all)
  t.ok(await tableExists(database.db, 'hub.communities'))
  t.same(await migrateHub(database.db), [])
  t.same(await appliedNames(database.db, hubSchema), all)
})

t.test('the tenant migrations apply to a new tenant schema, and applying them again changes nothing', async (t) => {
  const { database } = await createTestDatabase(t)
  const tenant = await tenantMigrations()
  t.same(
    await migrateSchema(database.db, 'tenant_1', tenant),
    tenant.map((migration) => migration.name),
  )
  t.ok(await tableExists(database.db, 'tenant_1.members'))
  t.same(await migrateSchema(database.db, 'tenant_1', tenant), [])
  t.notOk(await tableExists(database.db, 'hub.members'), 'tenant tables land only in the tenant schema')
})

t.test('migrators running at the same time on the same schema apply each migration exactly once', async (t) => {
  const { database } = await createTestDatabase(t, { fromTemplate: false, poolMax: 8 })
  const runs = await Promise.all(Array.from({ length: 8 }, () => migrateHub(database.db)))
  const all = (await hubMigrations()).map((migration) => migration.name)
  t.same(runs.flat().sort(), all, 'every migration was applied by exactly one migrator')
  t.same(await appliedNames(database.db, hubSchema), all)
})

t.test('migrations of different tenants run side by side', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 6 })
  const tenant = await tenantMigrations()
  const schemas = ['tenant_11', 'tenant_12', 'tenant_13', 'tenant_14']
  await Promise.all(schemas.map((schema) => migrateSchema(database.db, schema, tenant)))
  for (const schema of schemas) t.ok(await tableExists(database.db, `${schema}.members`), schema)
})

t.test('a migration edited after it was applied stops the run, and nothing of the run is kept', async (t) => {
  const { database } = await createTestDatabase(t)
  const original = await loadMigrations(await migrationFolder(t, { '0001_things.sql': 'create table :SCHEMA.things (id int);' }))
  await migrateSchema(database.db, 'edited', original)
  const edited = await loadMigrations(
    await migrationFolder(t, {
      '0001_things.sql': 'create table :SCHEMA.things (id bigint);',
      '0002_more.sql': 'create table :SCHEMA.more (id int);',
    }),
  )
  await t.rejects(migrateSchema(database.db, 'edited', edited), {
    name: 'MigrationError',
    message: /0001_things was changed after it was applied/,
  })
  t.notOk(await tableExists(database.db, 'edited.more'))
})

t.test('a new migration numbered before one already applied is refused', async (t) => {
  const { database } = await createTestDatabase(t)
  const first = '0001_a.sql'
  const third = '0003_c.sql'
  const applied = await loadMigrations(await migrationFolder(t, { [first]: 'select 1;', [third]: 'select 3;' }))
  await migrateSchema(database.db, 'ordered', applied)
  const late = await loadMigrations(await migrationFolder(t, { [first]: 'select 1;', '0002_b.sql': 'select 2;', [third]: 'select 3;' }))
  await t.rejects(migrateSchema(database.db, 'ordered', late), { message: /0002_b is numbered before 0003_c/ })
})

t.test('a failing migration rolls back the whole run', async (t) => {
  const { database } = await createTestDatabase(t)
  const migrations = await loadMigrations(
    await migrationFolder(t, { '0001_ok.sql': 'create table :SCHEMA.ok (id int);', '0002_broken.sql': 'create tabel nope;' }),
  )
  await t.rejects(migrateSchema(database.db, 'broken', migrations), { message: /syntax error/ })
  t.notOk(await tableExists(database.db, 'broken.ok'))
  t.same(await pendingMigrations(database.db, 'broken', migrations), migrations, 'the schema is as if nothing ran')
})

t.test('pending migrations are reported without changing anything', async (t) => {
  const { database } = await createTestDatabase(t)
  const tenant: Migration[] = await tenantMigrations()
  t.same(await pendingMigrations(database.db, 'tenant_9', tenant), tenant)
  t.notOk(await tableExists(database.db, 'tenant_9.schema_migrations'), 'looking did not create anything')
  await migrateSchema(database.db, 'tenant_9', tenant)
  t.same(await pendingMigrations(database.db, 'tenant_9', tenant), [])
})

t.test('migration files must be numbered with four digits, once each', async (t) => {
  await t.rejects(loadMigrations(await migrationFolder(t, { '1_short.sql': '' })), { message: /named NNNN_description.sql/ })
  await t.rejects(loadMigrations(await migrationFolder(t, { '0001_Capital.sql': '' })), { message: /named NNNN_description.sql/ })
  await t.rejects(loadMigrations(await migrationFolder(t, { '0001_a.sql': '', '0001_b.sql': '' })), { message: /0001 is used twice/ })
  const loaded = await loadMigrations(await migrationFolder(t, { '0002_b.sql': 'b', '0001_a.sql': 'a', 'README.md': 'notes' }))
  t.same(
    loaded.map((migration) => migration.name),
    ['0001_a', '0002_b'],
    'sorted, and files that are not SQL are not migrations',
  )
})

t.test('schema names are checked before any SQL is built from them', async (t) => {
  const { database } = await createTestDatabase(t)
  for (const schema of ['Tenant', 'tenant-1', 'x; drop schema hub', '']) {
    await t.rejects(migrateSchema(database.db, schema, []), { name: 'MigrationError', message: /not a valid schema name/ }, schema)
  }
})

t.test('inside a caller transaction that rolls back, the migrated schema never existed', async (t) => {
  const { database } = await createTestDatabase(t)
  const tenant = await tenantMigrations()
  const failure = database.db.transaction().execute(async (trx) => {
    t.same(
      await migrateSchema(trx, 'tenant_21', tenant),
      tenant.map((migration) => migration.name),
    )
    t.ok(await tableExists(trx, 'tenant_21.members'), 'the caller sees the tables inside its transaction')
    throw new Error('the caller changed its mind')
  })
  await t.rejects(failure, { message: 'the caller changed its mind' })
  const schemas = await sql<{ found: boolean }>`select to_regnamespace('tenant_21') is not null as found`.execute(database.db)
  t.equal(schemas.rows[0]?.found, false)
})

t.test('inside a caller transaction, other migrators of that schema wait for the caller to commit', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 4 })
  const tenant = await tenantMigrations()
  let releaseCaller: () => void = () => undefined
  const callerMayCommit = new Promise<void>((resolve) => (releaseCaller = resolve))
  let migratedInside: () => void = () => undefined
  const insideDone = new Promise<void>((resolve) => (migratedInside = resolve))
  const caller = database.db.transaction().execute(async (trx) => {
    const applied = await migrateSchema(trx, 'tenant_22', tenant)
    await sql`create table tenant_22.caller_seed (id int)`.execute(trx)
    migratedInside()
    await callerMayCommit
    return applied
  })
  await insideDone
  const other = migrateSchema(database.db, 'tenant_22', tenant)
  // The second migrator blocks on the schema's lock, which the caller's open transaction holds.
  t.ok(await advisoryWaiterAppears(database.db), 'the other migrator waits on the schema lock')
  releaseCaller()
  t.same(
    await caller,
    tenant.map((migration) => migration.name),
  )
  t.same(await other, [], 'it saw what the caller committed and had nothing left to apply')
  t.ok(await tableExists(database.db, 'tenant_22.caller_seed'))
})

async function advisoryWaiterAppears(db: AnyDatabase): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const waiting = await sql<{ count: string }>`
      select count(*) as count from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`.execute(db)
    if (Number(waiting.rows[0]?.count) > 0) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}

t.test('the migration lock key is the one the migrator takes', async (t) => {
  const { database } = await createTestDatabase(t)
  const expected = await sql<{ key: string }>`select hashtextextended('kindred.migrate.tenant_23', 0) as key`.execute(database.db)
  const actual = await sql<{ key: string }>`select ${migrationLockKey('tenant_23')} as key`.execute(database.db)
  t.equal(actual.rows[0]?.key, expected.rows[0]?.key)
  t.throws(() => migrationLockKey('Tenant; drop'), { name: 'MigrationError' })
})
