import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { buildTestHub } from '@kindred/testkit'

const secrets = {
  email: 'ada.lovelace@example.org',
  password: 'correct-horse-battery-staple',
  token: 'tok-3f9a1c7e',
  bearer: 'bearer-9d8c7b6a',
  cookie: 'session-5e4d3c2b',
  queryToken: 'query-tok-1a2b3c',
  queryEmail: 'grace.hopper@example.org',
}

const loginBody = Type.Object({ email: Type.String(), password: Type.String(), token: Type.String() })

/** A login route written carelessly: it logs the whole body and its credentials, twice. */
function carelessLogin(app: FastifyInstance): void {
  app.post(
    '/test/login',
    { schema: { operationId: 'testLogin', security: [], body: loginBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const body = request.body as { email: string; password: string; token: string }
      request.log.info({ body: request.body, email: body.email, password: body.password, token: body.token }, 'login attempt')
      request.log.info({ attempt: request.body }, 'nested')
      return reply.code(204).send()
    },
  )
}

t.test('credentials in the body, headers and query of a request never reach the logs', async (t) => {
  const { app, logs } = await buildTestHub(t, { routes: carelessLogin })
  const reply = await app.inject({
    method: 'POST',
    url: `/test/login?token=${secrets.queryToken}&email=${encodeURIComponent(secrets.queryEmail)}`,
    headers: { authorization: `Bearer ${secrets.bearer}`, cookie: `session=${secrets.cookie}` },
    payload: { email: secrets.email, password: secrets.password, token: secrets.token },
  })
  t.equal(reply.statusCode, 204)

  const lines = logs.lines()
  t.match(
    lines.find((line) => line.msg === 'incoming request'),
    {
      req: { method: 'POST', url: '/test/login?token=[redacted]&email=[redacted]' },
    },
  )
  const censored = { email: '[redacted]', password: '[redacted]', token: '[redacted]' }
  t.match(
    lines.find((line) => line.msg === 'login attempt'),
    { body: '[redacted]', ...censored },
  )
  t.match(
    lines.find((line) => line.msg === 'nested'),
    { attempt: censored },
  )

  const text = logs.text()
  for (const [name, secret] of Object.entries(secrets)) {
    t.notMatch(text, secret, `${name} is not logged`)
    t.notMatch(text, encodeURIComponent(secret), `${name} is not logged URL-encoded`)
  }
})
