import pg from 'pg'
import t from 'tap'
import { testEnvironment } from '@kindred/testkit'

// Every known rare disease (about 7,000) with a community of about 14 tables once the forum is complete:
// pg_dump locks all of them in one transaction (docs/decisions.md, tenants).
const communities = 7000
const tablesPerCommunity = 14

t.test(
  "the embedded server's lock table holds a lock on every table of a network with a community per rare disease",
  { skip: process.env.DATABASE_URL === undefined ? false : "an external server: its settings are its operator's (infra/postgresql/kindred.conf)" },
  async (t) => {
    const client = new pg.Client({ connectionString: testEnvironment().adminUrl })
    await client.connect()
    t.teardown(() => client.end())
    const { rows } = await client.query<{ slots: number }>(
      `select current_setting('max_locks_per_transaction')::int
         * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) as slots`,
    )
    t.ok((rows[0]?.slots ?? 0) >= communities * tablesPerCommunity, `${rows[0]?.slots ?? 0} lock slots`)
  },
)
