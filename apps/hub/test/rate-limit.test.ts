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
      schema: {
        operationId: 'testLimited',
        security: [],
        response: { 200: Type.Object({ ok: Type.Boolean() }, { additionalProperties: false }) },
      },
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
  // Without load shedding, as buildTestHub builds the first: on a busy machine it answers 503 to this test.
  const secondConfig = loadConfig({ DATABASE_URL: config.database.url ?? '', HTTP_MAX_EVENT_LOOP_DELAY_MS: '0' })
  const second = await createHubServer({
    config: secondConfig,
    logger: captureLogs().logger,
    database,
    hubMigrations: await hubMigrations(),
    tokens,
  })
  limitedRoute(second)
  await second.ready()
  t.teardown(() => second.close())
  t.equal((await first.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  t.equal((await second.inject({ method: 'POST', url: '/test/limited' })).statusCode, 200)
  t.equal(
    (await first.inject({ method: 'POST', url: '/test/limited' })).statusCode,
    429,
    'the third request is refused, whichever hub it reaches',
  )
})

t.test('a family of limits is what its variable configures: two registrations from one address, then 429', async (t) => {
  const { app } = await buildTestHub(t, { env: { KINDRED_LIMIT_REGISTER_PER_ADDRESS: '2/1h' }, secondPlacement: false })
  const register = (name: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: `${name}@example.org`, password: 'a long enough password', displayName: name },
      remoteAddress,
    })
  t.equal((await register('ada', '198.51.100.1')).statusCode, 202)
  t.equal((await register('bo', '198.51.100.1')).statusCode, 202)
  const third = await register('cy', '198.51.100.1')
  t.equal(third.statusCode, 429, 'the third from that address is refused')
  t.ok(Number(third.headers['retry-after']) > 3000, `until the hour ends (${third.headers['retry-after']} s)`)
  t.equal((await register('cy', '198.51.100.2')).statusCode, 202, 'another address has a budget of its own')
})
