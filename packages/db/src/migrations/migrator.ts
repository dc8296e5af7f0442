import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { splitStatements } from './statements.ts'

/**
 * One forward-only SQL migration: `NNNN_description.sql`, written against the `:SCHEMA` placeholder.
 * `replaces` holds the checksums of earlier texts of the file that build the very same schema (a line
 * `-- replaces checksum <sha256>` line each), so schemas that applied an earlier text are not refused.
 */
export interface Migration {
  name: string
  sql: string
  checksum: string
  replaces?: readonly string[]
}

/** How a migration run treats a Citus coordinator; on plain PostgreSQL only `oneStatementPerQuery` applies. */
export interface MigrateOptions {
  /** On a Citus coordinator, create a missing schema as a distributed schema: a tenant, kept whole on one worker. */
  distributed?: boolean
  /** Send each statement as a query of its own; chosen by itself on a Citus coordinator, which refuses several in one. */
  oneStatementPerQuery?: boolean
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationError'
  }
}

const fileNamePattern = /^(\d{4})_[a-z0-9_]+\.sql$/
const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/
const replacedChecksumPattern = /^-- replaces checksum ([0-9a-f]{64})\b.*$/gm

// Any Kysely instance will do: the migrator only issues raw SQL and its own bookkeeping queries.
export type AnyDatabase = Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any

interface MigrationRecord {
  name: string
  checksum: string
}

/**
 * Reads a folder of numbered SQL migrations in order. Numbers are four digits, unique and without gaps in
 * meaning: a file that does not follow `NNNN_description.sql` is an error, not something to skip.
 *
 * @example const migrations = await loadMigrations(new URL('../../migrations/hub/', import.meta.url))
 */
export async function loadMigrations(directory: URL): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort()
  const seen = new Set<string>()
  const migrations: Migration[] = []
  for (const file of files) {
    const number = fileNamePattern.exec(file)?.[1]
    if (number === undefined) throw new MigrationError(`${file}: migration files are named NNNN_description.sql`)
    if (seen.has(number)) throw new MigrationError(`${file}: migration number ${number} is used twice`)
    seen.add(number)
    const text = await readFile(new URL(file, directory), 'utf8')
    migrations.push({
      name: file.replace(/\.sql$/, ''),
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex'),
      replaces: [...text.matchAll(replacedChecksumPattern)].map((match) => match[1] as string),
    })
  }
  return migrations
}

/**
 * Brings one schema up to date with a migration set, in a single transaction, and returns the names it
 * applied. Safe to run twice and from many processes at once: an advisory lock per schema serialises
 * migrators, and each sees what the one before it committed. An applied migration whose file has changed
 * (unless the file names the applied text in `replaces`), or a new migration numbered before one already
 * applied, stops the run: migrations are never edited in what they build.
 *
 * Given a transaction (`db.isTransaction`), it runs inside it: the lock is then held, and nothing is
 * visible to others, until the caller commits, so a caller can create a schema, migrate it and fill it
 * in one atomic step (tenant provisioning does).
 *
 * @example await migrateSchema(db, 'tenant_42', tenantSet, { distributed: true })
 * -- select pg_advisory_xact_lock(hashtextextended('kindred.migrate.tenant_42', 0)); create schema tenant_42 ...
 * @example await db.transaction().execute(async (trx) => { await migrateSchema(trx, 'tenant_42', tenantSet); await seed(trx) })
 */
export async function migrateSchema(
  db: AnyDatabase,
  schema: string,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<string[]> {
  assertSchemaName(schema)
  const migrate = async (trx: AnyDatabase): Promise<string[]> => {
    await sql`select pg_advisory_xact_lock(${migrationLockKey(schema)})`.execute(trx)
    const server = await inspectServer(trx, schema)
    if (!server.schemaExists) await createSchema(trx, schema, server.citus ? (options.distributed ?? false) : undefined)
    await sql`
      create table if not exists ${sql.id(schema, 'schema_migrations')} (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx)
    const pending = planMigrations(schema, await appliedMigrations(trx, schema), migrations)
    for (const migration of pending) {
      await applyMigration(trx, render(migration, schema), options.oneStatementPerQuery ?? server.citus)
      await trx.withSchema(schema).insertInto('schema_migrations').values({ name: migration.name, checksum: migration.checksum }).execute()
    }
    return pending.map((migration) => migration.name)
  }
  return db.isTransaction ? migrate(db) : db.transaction().execute(migrate)
}

/**
 * The advisory lock key under which a schema is migrated, as SQL. Anything else that must not interleave
 * with a migration of that schema (creating it, filling it) takes the same lock.
 *
 * @example await sql`select pg_advisory_xact_lock(${migrationLockKey('tenant_42')})`.execute(trx)
 * -- select pg_advisory_xact_lock(hashtextextended('kindred.migrate.tenant_42', 0))
 */
export function migrationLockKey(schema: string): RawBuilder<string> {
  assertSchemaName(schema)
  return sql<string>`hashtextextended(${`kindred.migrate.${schema}`}, 0)`
}

/**
 * The migrations of a set that a schema has not applied yet, without taking the lock or changing
 * anything (a schema that does not exist yet has all of them pending). Used by readiness checks.
 */
export async function pendingMigrations(db: AnyDatabase, schema: string, migrations: readonly Migration[]): Promise<Migration[]> {
  assertSchemaName(schema)
  const exists = await sql<{ found: boolean }>`select to_regclass(${`${schema}.schema_migrations`}) is not null as found`.execute(db)
  if (exists.rows[0]?.found !== true) return [...migrations]
  const applied = new Set((await appliedMigrations(db, schema)).map((record) => record.name))
  return migrations.filter((migration) => !applied.has(migration.name))
}

async function inspectServer(db: AnyDatabase, schema: string): Promise<{ schemaExists: boolean; citus: boolean }> {
  const result = await sql<{ schema_exists: boolean; citus: boolean }>`
    select to_regnamespace(${schema}) is not null as schema_exists,
      exists (select from pg_extension where extname = 'citus') as citus`.execute(db)
  const row = result.rows[0]
  return { schemaExists: row?.schema_exists === true, citus: row?.citus === true }
}

/**
 * Creates a missing schema. Never `create schema if not exists`: on Citus with schema-based sharding on,
 * that registers a schema that already exists (the hub's) as distributed. `distributed` is given on Citus
 * only, and sets sharding for this transaction, whatever the server's default.
 */
async function createSchema(db: AnyDatabase, schema: string, distributed: boolean | undefined): Promise<void> {
  if (distributed !== undefined) {
    await sql`select set_config('citus.enable_schema_based_sharding', ${distributed ? 'on' : 'off'}, true)`.execute(db)
  }
  await sql`create schema ${sql.id(schema)}`.execute(db)
}

async function applyMigration(db: AnyDatabase, text: string, oneStatementPerQuery: boolean): Promise<void> {
  if (!oneStatementPerQuery) {
    await sql.raw(text).execute(db)
    return
  }
  for (const statement of await splitStatements(text)) await sql.raw(statement).execute(db)
}

async function appliedMigrations(db: AnyDatabase, schema: string): Promise<MigrationRecord[]> {
  return db.withSchema(schema).selectFrom('schema_migrations').select(['name', 'checksum']).orderBy('name').execute()
}

function planMigrations(schema: string, applied: readonly MigrationRecord[], migrations: readonly Migration[]): Migration[] {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]))
  for (const record of applied) {
    const migration = byName.get(record.name)
    if (migration !== undefined && migration.checksum !== record.checksum && migration.replaces?.includes(record.checksum) !== true) {
      throw new MigrationError(`${schema}: migration ${record.name} was changed after it was applied`)
    }
  }
  const appliedNames = new Set(applied.map((record) => record.name))
  const latestApplied = applied.at(-1)?.name ?? ''
  const pending = migrations.filter((migration) => !appliedNames.has(migration.name))
  const outOfOrder = pending.find((migration) => migration.name < latestApplied)
  if (outOfOrder !== undefined) {
    throw new MigrationError(`${schema}: migration ${outOfOrder.name} is numbered before ${latestApplied}, which is already applied`)
  }
  return pending
}

function render(migration: Migration, schema: string): string {
  return migration.sql.replaceAll(':SCHEMA', schema)
}

function assertSchemaName(schema: string): void {
  if (!schemaNamePattern.test(schema)) throw new MigrationError(`"${schema}" is not a valid schema name`)
}
