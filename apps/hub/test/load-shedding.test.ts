import t from 'tap'
import type { FastifyInstance } from 'fastify'
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

// Sleeps without yielding: the event loop is held as a CPU-bound handler would hold it.
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

async function pollReadyz(app: FastifyInstance, until: (status: number) => boolean): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const { statusCode } = await app.inject({ method: 'GET', url: '/readyz' })
    if (until(statusCode)) return statusCode
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('/readyz never reached the expected status')
}

t.test('after the event loop was held past its limit, requests are shed with 503 until it runs freely again', async (t) => {
  const { app } = await buildTestHub(t, { env: { HTTP_MAX_EVENT_LOOP_DELAY_MS: '100' } })
  blockEventLoop(600)
  t.equal(await pollReadyz(app, (status) => status !== 200), 503, 'shed once the delay was measured')
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'liveness is exempt')
  t.equal(await pollReadyz(app, (status) => status === 200), 200, 'admitted again once the loop is free')
})
