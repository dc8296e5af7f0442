import { loadMigrations, type Migration } from './migrator.ts'

/** The migration set every community schema receives, read from `migrations/tenant`. */
export function tenantMigrations(): Promise<Migration[]> {
  return loadMigrations(new URL('../../../../migrations/tenant/', import.meta.url))
}
