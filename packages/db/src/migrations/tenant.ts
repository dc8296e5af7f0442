import { loadMigrations, migrateSchema, type AnyDatabase, type Migration } from './migrator.ts'

/** The migration set every community schema receives, read from `migrations/tenant`. */
export function tenantMigrations(): Promise<Migration[]> {
  return loadMigrations(new URL('../../../../migrations/tenant/', import.meta.url))
}

/**
 * Brings a community's schema up to date (creating it when missing), as `migrateSchema` does. On a Citus
 * coordinator the schema is created as a distributed schema, so the community lives whole on one worker.
 *
 * @example await migrateTenantSchema(trx, 'tenant_42', await tenantMigrations())
 */
export function migrateTenantSchema(db: AnyDatabase, schema: string, migrations: readonly Migration[]): Promise<string[]> {
  return migrateSchema(db, schema, migrations, { distributed: true })
}
