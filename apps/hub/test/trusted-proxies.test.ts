import t from 'tap'
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { ConfigError, loadConfig } from '@kindred/config'
import { buildTestHub } from '@kindred/testkit'

const proxy = '10.0.0.5'

const limitedRoute = (app: FastifyInstance): void => {
  app.post(
    '/test/limited',
    {
      config: { rateLimit: { max: 2, timeWindow: 60_000 } },
      schema: {
        operationId: 'testLimited',
        security: [],
        response: { 200: Type.Object({ ip: Type.String() }, { additionalProperties: false }) },
      },
    },
    async (request) => ({ ip: request.ip }),
  )
}

const call = (app: FastifyInstance, remoteAddress: string, forwardedFor?: string) =>
  app.inject({
    method: 'POST',
    url: '/test/limited',
    remoteAddress,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  })

t.test('behind a trusted load balancer, each client has its own per-address limit', async (t) => {
  const { app } = await buildTestHub(t, { routes: limitedRoute, env: { KINDRED_TRUSTED_PROXIES: `${proxy}, 192.168.10.0/24` } })
  t.same((await call(app, proxy, '198.51.100.1')).json(), { ip: '198.51.100.1' }, 'the client is the address the proxy names')
  t.equal((await call(app, proxy, '198.51.100.1')).statusCode, 200)
  t.equal((await call(app, proxy, '198.51.100.1')).statusCode, 429, 'that client is over its limit')
  t.equal((await call(app, proxy, '198.51.100.2')).statusCode, 200, 'another client behind the same proxy is not')
  t.equal((await call(app, '192.168.10.7', '198.51.100.3')).statusCode, 200, 'a proxy within a trusted range is believed too')
})

t.test('a client that is not a trusted proxy cannot choose its address with X-Forwarded-For', async (t) => {
  const { app } = await buildTestHub(t, { routes: limitedRoute, env: { KINDRED_TRUSTED_PROXIES: proxy } })
  t.same((await call(app, '203.0.113.9', '198.51.100.1')).json(), { ip: '203.0.113.9' })
  t.equal((await call(app, '203.0.113.9', '198.51.100.2')).statusCode, 200)
  t.equal((await call(app, '203.0.113.9', '198.51.100.3')).statusCode, 429, 'a new forged address each time does not help')
  t.equal((await call(app, proxy, `198.51.100.4, ${proxy}`)).statusCode, 200, 'while the proxy still speaks for its clients')
})

t.test('without trusted proxies, X-Forwarded-For is ignored', async (t) => {
  const { app } = await buildTestHub(t, { routes: limitedRoute })
  t.same((await call(app, proxy, '198.51.100.1')).json(), { ip: proxy })
})

t.test('KINDRED_TRUSTED_PROXIES takes addresses and CIDR ranges, and refuses anything else in one line', async (t) => {
  t.same(loadConfig({}).http.trustedProxies, [])
  t.same(loadConfig({ KINDRED_TRUSTED_PROXIES: '10.0.0.5, 10.0.1.0/24,::1, fd00::/8' }).http.trustedProxies, [
    '10.0.0.5',
    '10.0.1.0/24',
    '::1',
    'fd00::/8',
  ])
  for (const value of ['*', '10.0.0.300', '10.0.0.0/33', '::1/129', 'proxy.example.org', '10.0.0.5,']) {
    const error = t.throws(() => loadConfig({ KINDRED_TRUSTED_PROXIES: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.match(error, { message: /^Invalid configuration: KINDRED_TRUSTED_PROXIES must be comma-separated addresses or CIDR ranges/ }, value)
  }
})
