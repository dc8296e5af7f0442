// What the migrator does so that tenants can live on a Citus coordinator (docs/citus.md), checked on plain
// PostgreSQL: no Citus package exists in the registries this suite can reach.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { hubMigrations, hubSchema, loadMigrations, migrateSchema, tenantMigrations, type Migration } from '@kindred/db'
import { createTestDatabase, migrationFolder } from '@kindred/testkit'
import { splitStatements } from '../src/migrations/statements.ts'

type AnyDatabase = Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any

const tenantFolder = new URL('../../../migrations/tenant/', import.meta.url)

/** Everything a migration builds in a schema, as sorted lines with the schema's name taken out. */
async function schemaShape(db: AnyDatabase, schema: string): Promise<string[]> {
  const result = await sql<{ line: string }>`
    select format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) as line
      from information_schema.columns where table_schema = ${schema}
    union all
    select format('constraint %s on %s: %s', c.conname, r.relname, pg_get_constraintdef(c.oid))
      from pg_constraint c join pg_class r on r.oid = c.conrelid join pg_namespace n on n.oid = r.relnamespace
      where n.nspname = ${schema}
    union all
    select format('index %s', indexdef) from pg_indexes where schemaname = ${schema}
    union all
    select format('trigger %s', pg_get_triggerdef(g.oid))
      from pg_trigger g join pg_class r on r.oid = g.tgrelid join pg_namespace n on n.oid = r.relnamespace
      where n.nspname = ${schema} and not g.tgisinternal
    union all
    select case when p.prokind = 'a'
        then format('aggregate %s(%s)', p.proname, pg_get_function_arguments(p.oid))
        else format('function %s', pg_get_functiondef(p.oid)) end
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = ${schema}`.execute(db)
  return result.rows.map((row) => row.line.replaceAll(schema, ':SCHEMA')).sort()
}

/** A migration's text as it was before its column constraints were named: the edit undone. */
function beforeNaming(text: string): string {
  return text
    .replace(/^-- replaces checksum .*\n/gm, '')
    .replace(/^(\s*(?:alter table \S+ )?add column .*?)constraint [a-z0-9_]+ /gim, '$1')
}

t.test('statements are split by PostgreSQL’s own parser: $$ bodies, quotes and comments keep their semicolons', async (t) => {
  // The comment before a statement is left out; one of several bytes a character also shows the offsets are bytes.
  const text = [
    '-- Créé pour les tests; une note 🙂',
    "create table tenant_1.notes (body text default 'a; b');",
    'create function tenant_1.f() returns int language plpgsql as $$ begin perform 1; return 2; end $$;',
    '/* block; comment */ select 1 /* inside; kept */ + 1',
  ].join('\n')
  t.same(await splitStatements(text), [
    "create table tenant_1.notes (body text default 'a; b')",
    'create function tenant_1.f() returns int language plpgsql as $$ begin perform 1; return 2; end $$',
    'select 1 /* inside; kept */ + 1',
  ])
})

t.test('the tenant migrations sent one statement per query build the same schema as whole files', async (t) => {
  const { database } = await createTestDatabase(t)
  const tenant = await tenantMigrations()
  await migrateSchema(database.db, 'tenant_whole', tenant)
  t.same(
    await migrateSchema(database.db, 'tenant_split', tenant, { oneStatementPerQuery: true }),
    tenant.map((migration) => migration.name),
  )
  const whole = await schemaShape(database.db, 'tenant_whole')
  t.ok(whole.length > 100, `the shape holds the tables, constraints, indexes, triggers and functions (${whole.length})`)
  t.same(await schemaShape(database.db, 'tenant_split'), whole)
})

t.test('the hub migrations apply one statement per query to an empty database', async (t) => {
  const { database } = await createTestDatabase(t, { fromTemplate: false })
  const hub = await hubMigrations()
  t.same(
    await migrateSchema(database.db, hubSchema, hub, { oneStatementPerQuery: true }),
    hub.map((migration) => migration.name),
  )
})

t.test('a schema that exists is never created again, so Citus cannot register the hub as distributed', async (t) => {
  const { database } = await createTestDatabase(t)
  await sql`create table public.ddl_seen (tag text not null)`.execute(database.db)
  await sql`
    create function public.note_ddl() returns event_trigger language plpgsql as $$
    begin insert into public.ddl_seen select command_tag from pg_event_trigger_ddl_commands(); end $$`.execute(database.db)
  await sql`create event trigger note_ddl on ddl_command_end execute function public.note_ddl()`.execute(database.db)
  t.teardown(() => sql`drop event trigger if exists note_ddl`.execute(database.db))

  await migrateSchema(database.db, hubSchema, await hubMigrations())
  await migrateSchema(database.db, 'tenant_1', await tenantMigrations())
  await migrateSchema(database.db, 'tenant_1', await tenantMigrations())
  const created = await sql<{ tag: string }>`select tag from public.ddl_seen where tag = 'CREATE SCHEMA'`.execute(database.db)
  t.same(created.rows, [{ tag: 'CREATE SCHEMA' }], 'only the missing tenant schema was created; the hub, already there, was not')
})

t.test('a file that names the checksum of its earlier text accepts schemas that applied it; other edits are refused', async (t) => {
  const { database } = await createTestDatabase(t)
  const first = 'create table :SCHEMA.things (id int check (id > 0));'
  await migrateSchema(database.db, 'renamed', await loadMigrations(await migrationFolder(t, { '0001_things.sql': first })))
  const checksum = createHash('sha256').update(first).digest('hex')
  const named = `-- replaces checksum ${checksum} (named)\ncreate table :SCHEMA.things (id int constraint things_id_check check (id > 0));`
  const next = '0002_more.sql'
  const accepted = await loadMigrations(
    await migrationFolder(t, { '0001_things.sql': named, [next]: 'create table :SCHEMA.more (id int);' }),
  )
  t.same(await migrateSchema(database.db, 'renamed', accepted), ['0002_more'])

  const otherEdit = 'create table :SCHEMA.things (id bigint);'
  await migrateSchema(database.db, 'edited', await loadMigrations(await migrationFolder(t, { '0001_things.sql': otherEdit })))
  await t.rejects(migrateSchema(database.db, 'edited', accepted), { name: 'MigrationError', message: /0001_things was changed/ })
})

t.test('the tenant migrations that named their constraints build exactly what their earlier texts built', async (t) => {
  const current = await tenantMigrations()
  const renamed = current.filter((migration) => (migration.replaces ?? []).length > 0)
  t.ok(renamed.length >= 6, `${renamed.length} migrations were renamed`)
  const earlier: Migration[] = current.map((migration) => {
    if ((migration.replaces ?? []).length === 0) return migration
    const text = beforeNaming(migration.sql)
    return { name: migration.name, sql: text, checksum: createHash('sha256').update(text).digest('hex') }
  })
  for (const [index, migration] of earlier.entries()) {
    const replaces = current[index]?.replaces ?? []
    if (replaces.length > 0) t.ok(replaces.includes(migration.checksum), `${migration.name}: only constraint names were added`)
  }
  const { database } = await createTestDatabase(t)
  await migrateSchema(database.db, 'tenant_before', earlier)
  await migrateSchema(database.db, 'tenant_now', current)
  t.same(await schemaShape(database.db, 'tenant_now'), await schemaShape(database.db, 'tenant_before'))
  t.same(await migrateSchema(database.db, 'tenant_before', current), [], 'a tenant migrated before the renaming is up to date')
})

t.test('every constraint a tenant migration adds with a column has a name, as Citus needs', async (t) => {
  for (const migration of await tenantMigrations()) {
    const text = await readFile(new URL(`${migration.name}.sql`, tenantFolder), 'utf8')
    const unnamed = text
      .split('\n')
      .filter((line) => /\badd column\b/i.test(line) && /\b(check|references|unique)\b/i.test(line) && !/\bconstraint\b/i.test(line))
    t.same(unnamed, [], migration.name)
  }
})

t.test('a migrated tenant has no triggers, which Citus refuses on distributed tables, nor trigger functions', async (t) => {
  const { database } = await createTestDatabase(t)
  await migrateSchema(database.db, 'tenant_plain', await tenantMigrations())
  const triggers = await sql<{ name: string }>`
    select tgname as name from pg_trigger where not tgisinternal and tgrelid in (
      select oid from pg_class where relnamespace = 'tenant_plain'::regnamespace)`.execute(database.db)
  t.same(triggers.rows, [])
  const functions = await sql<{ name: string }>`
    select proname as name from pg_proc where pronamespace = 'tenant_plain'::regnamespace and prorettype = 'trigger'::regtype`.execute(
    database.db,
  )
  t.same(functions.rows, [])
})
