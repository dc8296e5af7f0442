import t from 'tap'
import type { Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Type } from 'typebox'
import { createDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { buildTestHub, captureLogs, freePort } from '@kindred/testkit'

const accountSchema = Type.Object(
  { email: Type.String({ format: 'email' }), age: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
)
const doneSchema = Type.Object({ done: Type.Boolean() }, { additionalProperties: false })
const response = { 200: doneSchema }
const account = { email: 'ada@example.org', age: 36 }

/** Test-only routes, one per way a request can fail; `calls.accounts` counts the bodies the handler received. */
function testRoutes(calls: { accounts: number }) {
  return (app: FastifyInstance): void => {
    app.post('/test/accounts', { schema: { operationId: 'testAccounts', security: [], body: accountSchema, response } }, async () => {
      calls.accounts += 1
      return { done: true }
    })
    app.get('/test/crash', { schema: { operationId: 'testCrash', security: [], response } }, async () => {
      throw new Error('secret internal detail')
    })
    app.get('/test/missing', { schema: { operationId: 'testMissing', security: [], response } }, async () => {
      throw new KindredError('KINDRED_NOT_FOUND', 'No community named "fop"')
    })
  }
}

interface ExpectedError {
  statusCode: number
  error: string
  code: string
  message: string | RegExp
}

/** The error contract: exactly `{statusCode, error, code, message}`, nothing more (no stack). */
function assertError(t: Test, reply: LightMyRequestResponse, expected: ExpectedError): void {
  t.equal(reply.statusCode, expected.statusCode, 'HTTP status')
  const body = reply.json<Record<string, unknown>>()
  t.strictSame(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode'], 'exactly the keys of the error contract')
  t.match(body, { statusCode: expected.statusCode, error: expected.error, code: expected.code })
  if (typeof expected.message === 'string') t.equal(body.message, expected.message)
  else t.match(body.message, expected.message)
}

t.test('a valid request reaches its handler', async (t) => {
  const calls = { accounts: 0 }
  const { app } = await buildTestHub(t, { routes: testRoutes(calls) })
  const reply = await app.inject({ method: 'POST', url: '/test/accounts', payload: account })
  t.equal(reply.statusCode, 200)
  t.strictSame(reply.json(), { done: true })
  t.equal(calls.accounts, 1)
})

t.test('a field of the wrong type is refused with 400 naming the field', async (t) => {
  const calls = { accounts: 0 }
  const { app } = await buildTestHub(t, { routes: testRoutes(calls) })
  const reply = await app.inject({ method: 'POST', url: '/test/accounts', payload: { ...account, age: 'thirty-six' } })
  assertError(t, reply, { statusCode: 400, error: 'Bad Request', code: 'KINDRED_VALIDATION_FAILED', message: 'body/age must be integer' })
  t.equal(calls.accounts, 0, 'the handler did not run')
})

t.test('a missing property is refused with 400 naming it', async (t) => {
  const { app } = await buildTestHub(t, { routes: testRoutes({ accounts: 0 }) })
  const reply = await app.inject({ method: 'POST', url: '/test/accounts', payload: { email: account.email } })
  assertError(t, reply, { statusCode: 400, error: 'Bad Request', code: 'KINDRED_VALIDATION_FAILED', message: 'body/age is required' })
})

t.test('an unknown property is refused with 400 naming it, and nothing is processed', async (t) => {
  const calls = { accounts: 0 }
  const { app } = await buildTestHub(t, { routes: testRoutes(calls) })
  const reply = await app.inject({ method: 'POST', url: '/test/accounts', payload: { ...account, isAdmin: true } })
  assertError(t, reply, {
    statusCode: 400,
    error: 'Bad Request',
    code: 'KINDRED_VALIDATION_FAILED',
    message: 'body/isAdmin is not allowed',
  })
  t.equal(calls.accounts, 0, 'the handler did not run')
})

t.test('malformed JSON is refused with 400 KINDRED_BAD_REQUEST', async (t) => {
  const calls = { accounts: 0 }
  const { app } = await buildTestHub(t, { routes: testRoutes(calls) })
  const reply = await app.inject({
    method: 'POST',
    url: '/test/accounts',
    headers: { 'content-type': 'application/json' },
    payload: '{"email": "ada@example.org", "age": ',
  })
  assertError(t, reply, { statusCode: 400, error: 'Bad Request', code: 'KINDRED_BAD_REQUEST', message: /JSON/ })
  t.equal(calls.accounts, 0, 'the handler did not run')
})

t.test('a body over the configured limit is refused with 413', async (t) => {
  const calls = { accounts: 0 }
  const { app } = await buildTestHub(t, { env: { HTTP_BODY_LIMIT_BYTES: '1024' }, routes: testRoutes(calls) })
  const small = await app.inject({ method: 'POST', url: '/test/accounts', payload: account })
  t.equal(small.statusCode, 200, 'a body under the limit is accepted')
  const email = `${'a'.repeat(1100)}@example.org`
  const large = await app.inject({ method: 'POST', url: '/test/accounts', payload: { ...account, email } })
  assertError(t, large, {
    statusCode: 413,
    error: 'Payload Too Large',
    code: 'KINDRED_PAYLOAD_TOO_LARGE',
    message: 'Request body is too large',
  })
  t.equal(calls.accounts, 1, 'the handler ran only for the small body')
})

t.test('a body of an unsupported content type is refused with 415', async (t) => {
  const { app } = await buildTestHub(t, { routes: testRoutes({ accounts: 0 }) })
  const reply = await app.inject({
    method: 'POST',
    url: '/test/accounts',
    headers: { 'content-type': 'application/xml' },
    payload: '<account><age>36</age></account>',
  })
  assertError(t, reply, {
    statusCode: 415,
    error: 'Unsupported Media Type',
    code: 'KINDRED_UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Media Type',
  })
})

t.test('an unknown route answers 404 KINDRED_ROUTE_NOT_FOUND naming the path without its query', async (t) => {
  const { app } = await buildTestHub(t)
  const reply = await app.inject({ method: 'GET', url: '/nowhere?token=abc' })
  assertError(t, reply, { statusCode: 404, error: 'Not Found', code: 'KINDRED_ROUTE_NOT_FOUND', message: 'Route GET /nowhere not found' })
})

t.test('a thrown error answers 500 without its details, which go to the error log', async (t) => {
  const { app, logs } = await buildTestHub(t, { routes: testRoutes({ accounts: 0 }) })
  const reply = await app.inject({ method: 'GET', url: '/test/crash' })
  assertError(t, reply, { statusCode: 500, error: 'Internal Server Error', code: 'KINDRED_INTERNAL', message: 'Internal server error' })
  t.notMatch(reply.body, 'secret internal detail')
  const logged = logs.lines().find((line) => line.msg === 'request failed')
  t.match(logged, {
    level: 50,
    code: 'KINDRED_INTERNAL',
    err: { message: 'secret internal detail', stack: /Error: secret internal detail/ },
  })
})

t.test('a KindredError answers with the status its code is registered with', async (t) => {
  const { app } = await buildTestHub(t, { routes: testRoutes({ accounts: 0 }) })
  const reply = await app.inject({ method: 'GET', url: '/test/missing' })
  assertError(t, reply, { statusCode: 404, error: 'Not Found', code: 'KINDRED_NOT_FOUND', message: 'No community named "fop"' })
})

t.test('a database that cannot be reached answers 503 with Retry-After', async (t) => {
  const unreachable = createDatabase({
    url: `postgres://kindred@127.0.0.1:${await freePort()}/kindred`,
    poolMax: 1,
    connectTimeoutMs: 1000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-test-outage',
    logger: captureLogs('silent').logger,
  })
  t.teardown(() => unreachable.close())
  const { app, logs } = await buildTestHub(t, {
    routes: (app) => {
      app.get('/test/outage', { schema: { operationId: 'testOutage', security: [], response } }, async () => {
        await unreachable.pool.query('select 1')
        return { done: true }
      })
    },
  })
  const reply = await app.inject({ method: 'GET', url: '/test/outage' })
  assertError(t, reply, {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'KINDRED_DATABASE_UNAVAILABLE',
    message: 'The database is unavailable; try again shortly',
  })
  t.equal(reply.headers['retry-after'], '5')
  const logged = logs.lines().filter((line) => line.code === 'KINDRED_DATABASE_UNAVAILABLE')
  t.match(logged, [{ level: 40, msg: 'request deferred', err: { message: /ECONNREFUSED|connect/ } }], 'a warning, with its cause')
})

t.test('a route without a response schema stops the app from starting', async (t) => {
  await t.rejects(
    buildTestHub(t, {
      routes: (app) => {
        app.get('/test/unchecked', async () => ({ anything: 'goes' }))
      },
    }),
    { message: 'GET /test/unchecked has no response schema' },
  )
})
