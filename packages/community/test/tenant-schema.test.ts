import t from 'tap'
import { migrateSchema, tenantMigrations } from '@kindred/db'
import { createTestDatabase, tableTypeDrift } from '@kindred/testkit'

// TenantDatabase is written by hand; this is what keeps it true to migrations/tenant, on a schema built
// by the same migrator and migrations as every community's. Each line of a failure names one column.

t.test('TenantDatabase describes every table and column of a freshly migrated tenant schema as the database has it', async (t) => {
  const { database } = await createTestDatabase(t)
  const schema = 'tenant_1'
  await migrateSchema(database.db, schema, await tenantMigrations())
  const drift = await tableTypeDrift({
    db: database.db,
    schema,
    label: 'tenant',
    file: new URL('../src/tenant-schema.ts', import.meta.url),
    interfaceName: 'TenantDatabase',
  })
  t.strictSame(drift, [], 'TenantDatabase agrees with migrations/tenant (each line of the diff is one drift)')
})
