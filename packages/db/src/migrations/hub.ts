import { loadMigrations, migrateSchema, type AnyDatabase, type Migration } from './migrator.ts'

/** The schema holding the hub's own tables; tenants live in schemas of their own. */
export const hubSchema = 'hub'

/** The hub's migration set, read from `migrations/hub`. */
export function hubMigrations(): Promise<Migration[]> {
  return loadMigrations(new URL('../../../../migrations/hub/', import.meta.url))
}

/** Applies every pending hub migration; returns the names applied (none when already current). */
export async function migrateHub(db: AnyDatabase): Promise<string[]> {
  return migrateSchema(db, hubSchema, await hubMigrations())
}
