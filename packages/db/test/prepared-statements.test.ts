import { sql } from 'kysely'
import t from 'tap'
import { createTestDatabase } from '@kindred/testkit'

t.test('a parameterised query is prepared once per connection and reused', async (t) => {
  const { database } = await createTestDatabase(t)
  const prepared = await database.db.transaction().execute(async (trx) => {
    for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']) {
      await trx.selectFrom('hub.accounts').select('id').where('id', '=', id).execute()
    }
    return sql<{
      statement: string
    }>`select statement from pg_prepared_statements where statement like '%hub%accounts%' and statement not like '%pg_prepared_statements%'`.execute(
      trx,
    )
  })
  t.equal(prepared.rows.length, 1, 'one statement for both calls')
  t.match(prepared.rows[0]?.statement, /from "hub"\."accounts" where "id" = \$1/)
})

t.test('a query without parameters, several statements in one string included, is not prepared', async (t) => {
  const { database } = await createTestDatabase(t)
  const prepared = await database.db.transaction().execute(async (trx) => {
    await sql.raw('create temporary table scratch (n int); insert into scratch values (1), (2)').execute(trx)
    const total = await sql<{ n: number }>`select count(*)::int as n from scratch`.execute(trx)
    t.equal(total.rows[0]?.n, 2)
    return sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(trx)
  })
  t.equal(prepared.rows[0]?.n, 0)
})
