import type { CompiledQuery, Kysely, QueryCreator } from 'kysely'
import type { TenantDatabase } from './tenant-schema.ts'

/**
 * Builds one tenant's queries: every table they name is qualified with the tenant's schema, so a query
 * cannot reach another community's tables (or run unqualified) for want of a `withSchema`.
 *
 * @example const members = await tenant.query.selectFrom('members').selectAll().execute() // select * from "tenant_42"."members"
 */
export type TenantQuery = QueryCreator<TenantDatabase>

/**
 * A tenant's database handle. Its queries name the schema through the bound query creator, never through
 * search_path; the schema's name itself is there for what must spell it (a cache key, `sql.id` in a raw
 * expression).
 */
export interface TenantHandle {
  readonly query: TenantQuery
  readonly schema: string
  /**
   * Runs `work` in one transaction, handing it a query creator bound to the schema as well.
   *
   * @example await tenant.transaction(async (trx) => { await trx.updateTable('threads').set({ locked: true }).where('id', '=', id).execute() })
   */
  transaction<T>(work: (trx: TenantQuery) => Promise<T>): Promise<T>
}

// Each handle's bound database, for what only the tenancy package runs (queryTemplate's compiled queries).
const boundDatabases = new WeakMap<TenantHandle, Kysely<TenantDatabase>>()

/**
 * The handle of `schema` on a database: the one place that binds a tenant's queries to its schema
 * (Kysely's `withSchema`). `Placements#tenantDb` makes every handle the services use; provisioning makes one
 * on the transaction that creates the schema (use its `query`: that transaction cannot open another), and a
 * benchmark one on a Kysely of its own to capture the SQL a function sends.
 *
 * @example const tenant = bindTenant(placements.database('default'), 'tenant_42')
 */
export function bindTenant(db: Kysely<TenantDatabase>, schema: string): TenantHandle {
  const bound = db.withSchema(schema)
  const tenant: TenantHandle = { query: bound, schema, transaction: (work) => bound.transaction().execute(work) }
  boundDatabases.set(tenant, bound)
  return tenant
}

/** Runs a query compiled from `tenant.query` on the tenant's pool. */
export async function executeCompiled<Row>(tenant: TenantHandle, compiled: CompiledQuery<Row>): Promise<Row[]> {
  const bound = boundDatabases.get(tenant)
  if (bound === undefined) throw new Error('Not a tenant handle made by bindTenant')
  const result = await bound.executeQuery(compiled)
  return result.rows
}
