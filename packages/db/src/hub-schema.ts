import type { ColumnType, Generated } from 'kysely'

/** Kysely's view of the hub's tables (schema `hub`, see migrations/hub). */
export interface HubDatabase {
  'hub.tenants': TenantsTable
  'hub.schema_migrations': SchemaMigrationsTable
}

export interface TenantsTable {
  id: Generated<string>
  schema_name: string
  placement: string
  migration_version: string | null
  created_at: ColumnType<Date, never, never>
}

export interface SchemaMigrationsTable {
  name: string
  checksum: string
  applied_at: ColumnType<Date, never, never>
}
