import { sql } from 'kysely'
import t from 'tap'
import { Type } from 'typebox'
import { buildTestHub } from '@kindred/testkit'

t.test('a request in flight when shutdown begins completes, and what it wrote is kept', async (t) => {
  let handlerStarted: () => void = () => undefined
  const inFlight = new Promise<void>((resolve) => (handlerStarted = resolve))
  const { app, database } = await buildTestHub(t, {
    routes: (app) =>
      app.post(
        '/test/slow-write',
        {
          schema: {
            operationId: 'testSlowWrite',
            security: [],
            response: { 201: Type.Object({ id: Type.Integer() }, { additionalProperties: false }) },
          },
        },
        async (_request, reply) => {
          handlerStarted()
          const id = await database.db.transaction().execute(async (trx) => {
            const inserted = await sql<{ id: number }>`insert into slow_writes default values returning id`.execute(trx)
            await sql`select pg_sleep(0.3)`.execute(trx)
            return inserted.rows[0]?.id ?? 0
          })
          return reply.code(201).send({ id })
        },
      ),
  })
  await sql`create table slow_writes (id serial primary key)`.execute(database.db)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })

  const response = fetch(`${address}/test/slow-write`, { method: 'POST' })
  await inFlight
  await app.close()

  const answered = await response
  t.equal(answered.status, 201, 'the client got its answer')
  t.equal(answered.headers.get('connection'), 'close', 'and was told to let go of its keep-alive connection')
  const written = await sql<{ count: number }>`select count(*)::int as count from slow_writes`.execute(database.db)
  t.equal(written.rows[0]?.count, 1, 'the write was committed')
  await t.rejects(fetch(`${address}/healthz`), 'once closed, the server accepts no new connections')
})
