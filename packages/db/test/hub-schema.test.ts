import { sql } from 'kysely'
import t from 'tap'
import { hubSchema } from '@kindred/db'
import { createTestDatabase, tableTypeDrift } from '@kindred/testkit'

// HubDatabase is written by hand; this is what keeps it true to migrations/hub. Each line of a failure
// names one column, what the database says and what the interface says, and where it is declared.

t.test('HubDatabase describes every table and column of the migrated hub schema as the database has it', async (t) => {
  const { database } = await createTestDatabase(t)
  const drift = await tableTypeDrift({
    db: database.db,
    schema: hubSchema,
    label: 'hub',
    file: new URL('../src/hub-schema.ts', import.meta.url),
    interfaceName: 'HubDatabase',
  })
  t.strictSame(drift, [], 'HubDatabase agrees with migrations/hub (each line of the diff is one drift)')
})

// The check itself, on a table and an interface that disagree in every way it looks at.
const driftedTypes = `
import type { ColumnType, Generated } from 'kysely'
export interface DriftDatabase {
  'drift.sessions': SessionsTable
  'drift.tokens': { id: string }
}
type Status = 'open' | 'closed' | 'revoked'
interface SessionsTable {
  id: Generated<string>
  account_id: string | null
  status: ColumnType<Status, Status | undefined, Status>
  revoked_at: ColumnType<Date, never, Date>
  created_at: Date
  hits: ColumnType<string, string | undefined, string>
  label: ColumnType<string, string | null | undefined, string | null>
  gone: string
}
`

t.test('a table type that has drifted from its table is reported column by column, with where it is declared', async (t) => {
  const { database } = await createTestDatabase(t)
  await sql`create schema drift`.execute(database.db)
  await sql`
    create table drift.sessions (
      id bigint generated always as identity primary key,
      account_id uuid not null,
      status text not null default 'open' check (status in ('open', 'closed', 'expired')),
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      hits integer not null,
      label text not null default '',
      extra text
    )`.execute(database.db)
  await sql`create table drift.audits (id integer)`.execute(database.db)

  const drift = await tableTypeDrift({
    db: database.db,
    schema: 'drift',
    label: 'drift',
    file: new URL('drift-schema.ts', import.meta.url),
    interfaceName: 'DriftDatabase',
    source: driftedTypes,
  })
  const at = (line: number): string => `(packages/db/test/drift-schema.ts:${line})`
  t.strictSame(drift, [
    'drift.audits is a table in the database but not in DriftDatabase',
    `drift.sessions.extra is a column in the database but not in DriftDatabase ${at(4)}`,
    `drift.sessions.id is generated always by the database, but DriftDatabase lets an insert set it ${at(9)}`,
    `drift.sessions.id is generated always by the database, but DriftDatabase lets an update set it ${at(9)}`,
    `drift.sessions.account_id is not null in the database but nullable in DriftDatabase ${at(10)}`,
    `drift.sessions.account_id has no default in the database, so an insert must set it, but DriftDatabase lets an insert leave it out ${at(10)}`,
    `drift.sessions.status allows 'expired' in the database (its check), which DriftDatabase does not name ${at(11)}`,
    `drift.sessions.status refuses 'revoked' in the database (its check), which DriftDatabase names ${at(11)}`,
    `drift.sessions.revoked_at is nullable in the database but not in DriftDatabase ${at(12)}`,
    `drift.sessions.created_at has a default in the database, so an insert may leave it out, but DriftDatabase requires it (Generated, or undefined on insert) ${at(13)}`,
    `drift.sessions.hits is int4 in the database, read as number, but string in DriftDatabase ${at(14)}`,
    `drift.sessions.hits has no default in the database, so an insert must set it, but DriftDatabase lets an insert leave it out ${at(14)}`,
    `drift.sessions.label is not null in the database, but DriftDatabase inserts null ${at(15)}`,
    `drift.sessions.label is not null in the database, but DriftDatabase updates it to null ${at(15)}`,
    `drift.sessions.gone is in DriftDatabase but not a column in the database ${at(16)}`,
    `drift.tokens is in DriftDatabase but not a table in the database ${at(5)}`,
  ])
})
