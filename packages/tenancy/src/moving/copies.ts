import { sql, type Kysely } from 'kysely'
import { migrateTenantSchema, type Migration } from '@kindred/db'
import type { TenantDatabase } from '@kindred/community'

type Server = Kysely<TenantDatabase>

/** The migrator's own table: each copy keeps its own record of the migrations it was built with. */
const bookkeeping = 'schema_migrations'

/** The tables of `schema` that hold the community's data (every one but the migrator's), by name. */
export async function dataTables(db: Server, schema: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_catalog.pg_tables
    where schemaname = ${schema} and tablename <> ${bookkeeping} order by tablename`.execute(db)
  return rows.map((row) => row.name)
}

/**
 * The empty copy a move fills: `schema` on the target built by the tenant migrations (so it has the
 * same tables, functions and triggers as a provisioned one), then emptied of the rows migrations insert,
 * which the copy brings. One transaction: a crash leaves no half-built schema.
 */
export async function buildEmptyCopy(target: Server, schema: string, migrations: readonly Migration[]): Promise<string> {
  return target.transaction().execute(async (trx) => {
    await migrateTenantSchema(trx, schema, migrations)
    const tables = await dataTables(trx, schema)
    await sql`truncate table ${sql.join(tables.map((table) => sql.id(schema, table)))}`.execute(trx)
    const { rows } = await sql<{ version: string }>`select max(name) as version from ${sql.id(schema, bookkeeping)}`.execute(trx)
    return rows[0]?.version ?? ''
  })
}

/** Whether `schema` exists on a server. */
export async function schemaExists(db: Server, schema: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`select 1 as found from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)
  return rows.length > 0
}

export async function dropSchema(db: Server, schema: string): Promise<void> {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
}

/**
 * Logical replication copies rows, not sequences: each identity sequence of the copy is set to where the
 * source's stands, so the next post on the copy gets the id the old copy would have given it.
 */
export async function copySequencePositions(source: Server, target: Server, schema: string): Promise<void> {
  const { rows } = await sql<{ name: string; value: string }>`
    select sequencename as name, last_value::text as value from pg_catalog.pg_sequences
    where schemaname = ${schema} and last_value is not null`.execute(source)
  for (const row of rows) {
    await sql`select pg_catalog.setval(format('%I.%I', ${schema}::text, ${row.name}::text)::regclass, ${row.value}::bigint, true)`.execute(
      target,
    )
  }
}
