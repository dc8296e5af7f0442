import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { communityAudience, hubAudience } from '@kindred/tokens'
import { buildTestHub, hubKeySigner, provisionTestCommunity, withoutLoadShedding } from '@kindred/testkit'

const whoSchema = Type.Object({ sub: Type.String() }, { additionalProperties: false })

/** A hub route behind `app.authenticate()`, and a community route checking its own audience in the handler. */
function protectedRoutes(app: FastifyInstance): void {
  app.get(
    '/test/me',
    { onRequest: app.authenticate(), schema: { operationId: 'testMe', security: [{ bearer: [] }], response: { 200: whoSchema } } },
    async (request) => {
      const { sub } = await request.verifyAccessToken()
      return { sub }
    },
  )
  app.get(
    '/test/communities/fop/me',
    { schema: { operationId: 'testCommunityMe', security: [{ bearer: [] }], response: { 200: whoSchema } } },
    async (request) => {
      const { sub } = await request.verifyAccessToken(communityAudience('fop'))
      return { sub }
    },
  )
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

t.test('GET /.well-known/jwks.json publishes the signing keys with cache headers', async (t) => {
  const { app, tokens } = await buildTestHub(t)
  const reply = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(reply.statusCode, 200)
  t.match(reply.headers['content-type'], /^application\/json/)
  t.equal(reply.headers['cache-control'], 'public, max-age=300')
  const { keys } = reply.json<{ keys: Array<Record<string, unknown>> }>()
  t.equal(keys.length, 1)
  t.strictSame(Object.keys(keys[0] ?? {}).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x'], 'public members only (no d)')
  t.match(keys[0], { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
  t.strictSame({ keys }, await tokens.jwks())
})

t.test('a client outside Kindred verifies a community token from the JWKS alone (jose)', async (t) => {
  const { app, tokens } = await buildTestHub(t)
  const token = await tokens.sign({ subject: 'member-7', audience: communityAudience('fop'), claims: { pseudonym: 'Wren' } })
  const fetchKeys = async (): Promise<ReturnType<typeof createLocalJWKSet>> =>
    createLocalJWKSet((await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>())
  const options = { issuer: 'kindred', audience: 'kindred:community:fop', algorithms: ['EdDSA'], typ: 'at+jwt' }
  const { payload, protectedHeader } = await jwtVerify(token, await fetchKeys(), options)
  t.match(payload, { sub: 'member-7', pseudonym: 'Wren', aud: 'kindred:community:fop' })
  t.equal(protectedHeader.typ, 'at+jwt')
  await t.rejects(jwtVerify(token, await fetchKeys(), { ...options, audience: 'kindred:community:pku' }), {
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  })
  await tokens.rotate()
  const { payload: afterRotation } = await jwtVerify(token, await fetchKeys(), options)
  t.equal(afterRotation.sub, 'member-7', 'a token of the retired key still verifies from the JWKS after a rotation')
  const fresh = await tokens.sign({ subject: 'member-8', audience: communityAudience('fop') })
  t.equal((await jwtVerify(fresh, await fetchKeys(), options)).payload.sub, 'member-8', 'and so does one of the new key')
})

t.test('a request with a valid hub access token reaches the handler, which reads its claims', async (t) => {
  const { app, tokens } = await buildTestHub(t, { routes: protectedRoutes })
  const token = await tokens.sign({ subject: 'account-1', audience: hubAudience })
  const reply = await app.inject({ method: 'GET', url: '/test/me', headers: bearer(token) })
  t.equal(reply.statusCode, 200)
  t.strictSame(reply.json(), { sub: 'account-1' })
})

t.test('a request without a bearer token is refused with 401 and WWW-Authenticate', async (t) => {
  const { app } = await buildTestHub(t, { routes: protectedRoutes })
  for (const headers of [{}, { authorization: 'Basic YWRhOnNlY3JldA==' }, { authorization: 'Bearer' }]) {
    const reply = await app.inject({ method: 'GET', url: '/test/me', headers })
    t.equal(reply.statusCode, 401, JSON.stringify(headers))
    t.strictSame(reply.json(), {
      statusCode: 401,
      error: 'Unauthorized',
      code: 'KINDRED_UNAUTHORIZED',
      message: 'An access token is required',
    })
    t.equal(reply.headers['www-authenticate'], 'Bearer')
  }
})

t.test('a token for another audience is refused with the same message as any invalid token', async (t) => {
  const { app, tokens } = await buildTestHub(t, { routes: protectedRoutes })
  const communityToken = await tokens.sign({ subject: 'account-1', audience: communityAudience('fop') })
  const hubToken = await tokens.sign({ subject: 'account-1', audience: hubAudience })
  const expected = { statusCode: 401, error: 'Unauthorized', code: 'KINDRED_UNAUTHORIZED', message: 'Invalid or expired token' }
  const onHubRoute = await app.inject({ method: 'GET', url: '/test/me', headers: bearer(communityToken) })
  t.strictSame(onHubRoute.json(), expected)
  const onCommunityRoute = await app.inject({ method: 'GET', url: '/test/communities/fop/me', headers: bearer(hubToken) })
  t.strictSame(onCommunityRoute.json(), expected)
  const garbage = await app.inject({ method: 'GET', url: '/test/me', headers: bearer('not.a.token') })
  t.strictSame(garbage.json(), expected)
  const accepted = await app.inject({ method: 'GET', url: '/test/communities/fop/me', headers: bearer(communityToken) })
  t.equal(accepted.statusCode, 200, 'the community route accepts its own audience')
})

t.test('the access token never reaches the logs', async (t) => {
  const { app, tokens, logs } = await buildTestHub(t, { routes: protectedRoutes })
  const token = await tokens.sign({ subject: 'account-1', audience: hubAudience })
  await app.inject({ method: 'GET', url: '/test/me', headers: bearer(token) })
  await app.inject({ method: 'GET', url: '/test/me', headers: bearer(`${token}x`) })
  t.notMatch(logs.text(), token.split('.')[2] ?? 'unreachable')
  t.match(logs.text(), /KINDRED_UNAUTHORIZED/, 'the refusal is logged by its code')
})

t.test('a token issued more than 15 minutes ago is refused on a hub route, however far away its exp', async (t) => {
  const hub = await buildTestHub(t, { routes: protectedRoutes })
  const signer = await hubKeySigner(hub)
  const now = Math.floor(Date.now() / 1000)
  const claims = { iss: 'kindred', aud: hubAudience, sub: 'account-1', exp: now + 10 * 24 * 3600 }
  const young = await hub.app.inject({
    method: 'GET',
    url: '/test/me',
    headers: bearer(signer.sign({ ...claims, iat: now - 60, jti: randomUUID() })),
  })
  t.equal(young.statusCode, 200, 'the same far exp on a token a minute old: its age is all that differs')
  const old = await hub.app.inject({
    method: 'GET',
    url: '/test/me',
    headers: bearer(signer.sign({ ...claims, iat: now - 16 * 60, jti: randomUUID() })),
  })
  t.equal(old.statusCode, 401)
  t.match(old.json(), { code: 'KINDRED_UNAUTHORIZED', message: 'Invalid or expired token' })
})

t.test('a validly signed token whose subject is not a uuid is refused with 401 wherever the subject is an id', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const subjects = ['account-1', `urn:uuid:${randomUUID()}`, `{${randomUUID()}}`, "' or '1'='1", '../../etc/passwd', 'x'.repeat(300)]
  for (const subject of subjects) {
    const hubToken = await hub.tokens.sign({ subject, audience: hubAudience })
    const me = await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(hubToken) })
    t.equal(me.statusCode, 401, `GET /v1/me with sub ${subject.slice(0, 40)}`)
    t.match(me.json(), { code: 'KINDRED_UNAUTHORIZED' })
    const communityToken = await hub.tokens.sign({
      subject,
      audience: communityAudience('fop'),
      claims: { role: 'member', pseudonym: 'Wren' },
    })
    for (const method of ['GET', 'POST'] as const) {
      const threads = await hub.app.inject({
        method,
        url: '/v1/c/fop/threads',
        headers: bearer(communityToken),
        ...(method === 'POST' ? { payload: {} } : {}),
      })
      t.equal(threads.statusCode, 401, `${method} /v1/c/fop/threads with sub ${subject.slice(0, 40)}`)
      t.match(threads.json(), { code: 'KINDRED_UNAUTHORIZED' })
    }
  }
})
