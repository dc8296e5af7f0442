import t from 'tap'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { buildTestHub, captureLogs, createTestDatabase, createTestTokens, freePort } from '@kindred/testkit'

/** The real hub app, but on a database URL where nothing listens. */
async function buildHubWithoutDatabase(t: Test): Promise<FastifyInstance> {
  const url = `postgres://kindred@127.0.0.1:${await freePort()}/kindred`
  const { logger } = captureLogs('silent')
  const config = loadConfig({ DATABASE_URL: url })
  const database = createDatabase({
    url,
    poolMax: 1,
    connectTimeoutMs: 1000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-test-unreachable',
    logger,
  })
  t.teardown(() => database.close())
  // Tokens keep working keys from a database of their own: only the hub's pool points nowhere.
  const { tokens } = await createTestTokens((await createTestDatabase(t)).database)
  const app = await createHubServer({ config, logger, database, hubMigrations: await hubMigrations(), tokens })
  await app.ready()
  t.teardown(() => app.close())
  return app
}

t.test('GET /healthz answers 200 ok', async (t) => {
  const { app } = await buildTestHub(t)
  const reply = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(reply.statusCode, 200)
  t.strictSame(reply.json(), { status: 'ok' })
})

t.test('GET /readyz answers 200 ready on a migrated database', async (t) => {
  const { app } = await buildTestHub(t)
  const reply = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(reply.statusCode, 200)
  t.strictSame(reply.json(), { status: 'ready' })
})

t.test('GET /readyz answers 503 naming a hub migration the database has not applied', async (t) => {
  const { app, database } = await buildTestHub(t)
  const latest = (await hubMigrations()).at(-1)
  if (latest === undefined) throw new Error('the hub has no migrations')
  await database.db.deleteFrom('hub.schema_migrations').where('name', '=', latest.name).execute()
  const reply = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(reply.statusCode, 503)
  t.strictSame(reply.json(), {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'KINDRED_NOT_READY',
    message: `Not ready: hub migrations pending: ${latest.name}`,
  })
  t.equal(reply.headers['retry-after'], '5')
})

t.test('GET /readyz answers 503 when the database cannot be reached, while /healthz still answers 200', async (t) => {
  const app = await buildHubWithoutDatabase(t)
  const ready = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.match(ready.json(), { code: 'KINDRED_NOT_READY', message: 'Not ready: database unreachable' })
  const live = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(live.statusCode, 200)
})

t.test('the OpenAPI 3.1 document describes the health routes and their error responses', async (t) => {
  const { app } = await buildTestHub(t)
  const reply = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(reply.statusCode, 200)
  const errorResponse = { content: { 'application/json': { schema: { $ref: '#/components/schemas/KindredError' } } } }
  const statusSchema = (value: string): object => ({
    content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { enum: [value] } } } } },
  })
  t.match(reply.json(), {
    openapi: '3.1.0',
    info: { title: 'Kindred' },
    components: {
      schemas: {
        KindredError: {
          required: ['statusCode', 'error', 'code', 'message'],
          additionalProperties: false,
        },
      },
    },
    paths: {
      '/healthz': { get: { responses: { 200: statusSchema('ok'), '4XX': errorResponse, '5XX': errorResponse } } },
      '/readyz': { get: { responses: { 200: statusSchema('ready'), '4XX': errorResponse, '5XX': errorResponse } } },
    },
  })
})

t.test('GET /docs serves the API documentation as an HTML page', async (t) => {
  const { app } = await buildTestHub(t)
  let page = await app.inject({ method: 'GET', url: '/docs' })
  const location = page.headers.location
  if (page.statusCode >= 300 && page.statusCode < 400 && typeof location === 'string') {
    page = await app.inject({ method: 'GET', url: new URL(location, 'http://hub/docs').pathname })
  }
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /<html/i)
  t.match(page.body, /swagger-ui/)
  t.match(page.headers['content-security-policy'], /default-src 'self'/, 'the page may load its own scripts and styles')
})

t.test('responses, errors included, carry the security headers', async (t) => {
  const { app } = await buildTestHub(t)
  for (const url of ['/healthz', '/nowhere']) {
    const reply = await app.inject({ method: 'GET', url })
    t.equal(reply.headers['x-content-type-options'], 'nosniff', url)
    t.equal(reply.headers['x-frame-options'], 'DENY', url)
    t.match(reply.headers['content-security-policy'], /default-src 'none'/, url)
    t.match(reply.headers['strict-transport-security'], /max-age=\d+/, url)
  }
})

t.test('the x-request-id header becomes the request id in the logs, and one is generated without it', async (t) => {
  const { app, logs } = await buildTestHub(t)
  await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-from-the-proxy-42' } })
  const messages = logs
    .lines()
    .filter((line) => line.reqId === 'req-from-the-proxy-42')
    .map((line) => line.msg)
  t.strictSame(messages, ['incoming request', 'request completed'])

  await app.inject({ method: 'GET', url: '/readyz' })
  const generated = logs.lines().find((line) => line.msg === 'incoming request' && line.reqId !== 'req-from-the-proxy-42')
  t.match(generated, { reqId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, req: { url: '/readyz' } })
})

t.test('a request id a client could use to forge log lines is replaced by one of ours', async (t) => {
  const { app, logs } = await buildTestHub(t)
  const forged = ['x'.repeat(65), 'id"}\n{"level":60', 'with space']
  for (const header of forged) await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': header } })
  const ids = logs
    .lines()
    .filter((line) => line.msg === 'incoming request')
    .map((line) => line.reqId)
  t.equal(ids.length, forged.length)
  for (const id of ids) t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
})
