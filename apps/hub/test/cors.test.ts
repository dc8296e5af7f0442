import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestHub, signUp } from '@kindred/testkit'

const app = 'https://app.example.org'
const elsewhere = 'https://evil.example.net'
const env = { KINDRED_CORS_ORIGINS: `${app}, http://localhost:5173` }

const corsHeaders = (reply: LightMyRequestResponse): string[] =>
  Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))

t.test('a preflight from a listed origin is answered: its origin, the API’s methods, Authorization, no credentials', async (t) => {
  const hub = await buildTestHub(t, { env, secondPlacement: false })
  const reply = await hub.app.inject({
    method: 'OPTIONS',
    url: '/v1/me',
    headers: { origin: app, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  })
  t.equal(reply.statusCode, 204)
  t.equal(reply.headers['access-control-allow-origin'], app)
  t.same(String(reply.headers['access-control-allow-methods']).split(', '), ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
  t.match(reply.headers['access-control-allow-headers'], /(^|, )Authorization(,|$)/)
  t.equal(reply.headers['access-control-allow-credentials'], undefined, 'bearer tokens need no cookies')
  t.match(reply.headers.vary, /Origin/, 'caches keep answers to different origins apart')
})

t.test('a request from a listed origin may read the answer, with its bearer token', async (t) => {
  const hub = await buildTestHub(t, { env, secondPlacement: false })
  const ada = await signUp(hub, 'ada')
  const reply = await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { origin: app, authorization: `Bearer ${ada.accessToken}` } })
  t.equal(reply.statusCode, 200)
  t.equal(reply.headers['access-control-allow-origin'], app, 'the origin itself, never *')
  t.match(reply.headers['access-control-expose-headers'], /Retry-After/)
  t.equal(reply.headers['access-control-allow-credentials'], undefined)
  const refused = await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { origin: 'http://localhost:5173' } })
  t.equal(refused.statusCode, 401)
  t.equal(refused.headers['access-control-allow-origin'], 'http://localhost:5173', 'errors are readable too')
})

t.test('an origin not listed gets no CORS header, in a preflight or a request', async (t) => {
  const hub = await buildTestHub(t, { env, secondPlacement: false })
  const request = await hub.app.inject({ method: 'GET', url: '/v1/communities', headers: { origin: elsewhere } })
  t.equal(request.statusCode, 200)
  t.same(corsHeaders(request), [])
  const preflight = await hub.app.inject({
    method: 'OPTIONS',
    url: '/v1/me',
    headers: { origin: elsewhere, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  })
  t.same(corsHeaders(preflight), [])
  t.equal(preflight.statusCode, 404)
  const prefix = await hub.app.inject({ method: 'GET', url: '/v1/communities', headers: { origin: `${app}.evil.example.net` } })
  t.same(corsHeaders(prefix), [], 'a listed origin is matched whole, not as a prefix')
  const none = await hub.app.inject({ method: 'GET', url: '/v1/communities' })
  t.same(corsHeaders(none), [], 'nor does a request without an origin')
})

t.test('without KINDRED_CORS_ORIGINS there are no CORS headers at all', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const request = await hub.app.inject({ method: 'GET', url: '/v1/communities', headers: { origin: app } })
  t.equal(request.statusCode, 200)
  t.same(corsHeaders(request), [])
  const preflight = await hub.app.inject({
    method: 'OPTIONS',
    url: '/v1/me',
    headers: { origin: app, 'access-control-request-method': 'GET' },
  })
  t.same(corsHeaders(preflight), [])
  t.equal(preflight.statusCode, 404)
})
