import t from 'tap'
import { buildTestHub } from '@kindred/testkit'

t.test('with every pooled connection taken and a query waiting, /readyz is shed with 503 while /healthz still answers', async (t) => {
  const { app, database } = await buildTestHub(t, { env: { DATABASE_POOL_MAX: '1', DATABASE_POOL_MAX_WAITING: '0' } })
  const held = await database.pool.connect()
  const waiting = database.pool.query('select 1')
  t.equal(database.pool.waitingCount, 1, 'one query waits for the only connection')

  const shed = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(shed.statusCode, 503)
  t.strictSame(shed.json(), {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'KINDRED_OVERLOADED',
    message: 'The service is busy; try again shortly',
  })
  t.equal(shed.headers['retry-after'], '2')

  const live = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(live.statusCode, 200, 'liveness is exempt from shedding')
  t.strictSame(live.json(), { status: 'ok' })

  held.release()
  await waiting
  t.equal(database.pool.waitingCount, 0)
  const ready = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 200, 'requests are admitted again once the pool has room')
  t.strictSame(ready.json(), { status: 'ready' })
})
