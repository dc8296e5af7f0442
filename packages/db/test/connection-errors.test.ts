import { sql } from 'kysely'
import t from 'tap'
import { isDatabaseUnavailable } from '@kindred/db'
import { createTestDatabase } from '@kindred/testkit'

const failureOf = (run: () => Promise<unknown>): Promise<unknown> =>
  run().then(
    () => {
      throw new Error('the query was expected to fail')
    },
    (error: unknown) => error,
  )

t.test('a write refused by a server that is read-only (a replica being promoted) is unavailability, worth a retry', async (t) => {
  const { database } = await createTestDatabase(t)
  const error = await failureOf(() =>
    database.db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx)
      await sql`create temporary table scratch (n int)`.execute(trx)
    }),
  )
  t.equal((error as { code?: string }).code, '25006')
  t.ok(isDatabaseUnavailable(error))
})

t.test('a query that is wrong is not unavailability', async (t) => {
  const { database } = await createTestDatabase(t)
  const error = await failureOf(() => sql`select * from no_such_table`.execute(database.db))
  t.equal((error as { code?: string }).code, '42P01')
  t.notOk(isDatabaseUnavailable(error))
})
