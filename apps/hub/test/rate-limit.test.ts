import t from 'tap'
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { loadConfig } from '@kindred/config'
import { hubMigrations } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { buildTestHub, captureLogs } from '@kindred/testkit'

const limitedRoute = (app: FastifyInstance): void => {
  app.post(
    '/test/limited',
    {
      config: { rateLimit: { max: 2, timeWindow: 60_000 } },
      schema: { operationId: 'testLimited', security: [], response: { 200: Type.Object({ ok: Type.Boolean() }, { additionalProperties: false }) } },
    },
    async () => ({ ok: true }),
  )
}

t.test('a route over its limit answers 429 KINDRED_RATE_LIMITED with Retry-After', async (t) => {
  const { app } = await buildTestHub(t, { routes: limitedRoute })
  t.equal((await app.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  const refused = await app.inject({ method: 'POST', url: '/test/limited' })
  t.equal(refused.statusCode, 429)
  t.match(refused.json(), { statusCode: 429, error: 'Too Many Requests', code: 'KINDRED_RATE_LIMITED' })
  const retryAfter = Number(refused.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After is the rest of the window (${retryAfter} s)`)
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'routes without a limit are not limited')
})

t.test('a limit holds across hub processes that share the database', async (t) => {
  const { app: first, database, config, tokens } = await buildTestHub(t, { routes: limitedRoute })
  const second = await createHubServer({ config: loadConfig({ DATABASE_URL: config.database.url ?? '' }), logger: captureLogs().logger, database, hubMigrations: await hubMigrations(), tokens })
  limitedRoute(second)
  await second.ready()
  t.teardown(() => second.close())
  t.equal((await first.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  t.equal((await second.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  t.equal((await first.inject({ method: 'POST', url: '/test/limited' })).statusCode, 429, 'the third request is refused, whichever hub it reaches')
})
