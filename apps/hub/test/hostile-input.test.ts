import t from 'tap'
import { buildTestHub, signUp } from '@kindred/testkit'

const errorLevel = 50

t.test('a control character in any text field is refused with 400 naming the field, and changes nothing', async (t) => {
  const hub = await buildTestHub(t)
  const cases = [
    {
      method: 'POST' as const,
      url: '/v1/auth/register',
      payload: { email: 'nul@example.org', password: 'a long enough password', displayName: 'Ann\u0000' },
      field: 'body/displayName',
    },
    {
      method: 'POST' as const,
      url: '/v1/auth/register',
      payload: { email: 'bell@example.org', password: 'a long enough password', displayName: 'Ann\u0007' },
      field: 'body/displayName',
    },
    { method: 'GET' as const, url: '/v1/communities?q=%00', field: 'querystring/q' },
    { method: 'GET' as const, url: '/v1/proposals/%00', field: 'params/id' },
  ]
  for (const { field, ...request } of cases) {
    const reply = await hub.app.inject(request)
    t.equal(reply.statusCode, 400, `${request.method} ${request.url}`)
    t.match(reply.json(), { code: 'KINDRED_VALIDATION_FAILED', message: `${field} must not contain control characters` })
  }
  const accounts = await hub.database.db.selectFrom('hub.accounts').select('id').execute()
  t.equal(accounts.length, 0, 'no account was created')
  t.notOk(
    hub.logs.lines().some((line) => Number(line.level) >= errorLevel),
    'nothing was logged as an error',
  )
})

t.test('tabs and line breaks (CRLF from a browser too) are text like any other', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: { email: 'tab@example.org', password: 'a long\tenough\r\npassword', displayName: 'Ann' },
  })
  t.equal(reply.statusCode, 202)
})

t.test('an id in another spelling of a uuid (urn:uuid:…) is refused with 400, not passed to the database', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await hub.app.inject({ method: 'GET', url: '/v1/proposals/urn:uuid:0b9d6f0e-6c57-4f1e-9d1e-1f6d1f5a9c01' })
  t.equal(reply.statusCode, 400)
  t.match(reply.json(), { code: 'KINDRED_VALIDATION_FAILED', message: /params\/id must match format "uuid"/ })
  const bare = await hub.app.inject({ method: 'GET', url: '/v1/proposals/0b9d6f0e-6c57-4f1e-9d1e-1f6d1f5a9c01' })
  t.equal(bare.statusCode, 404, 'the bare form is looked up')
})

t.test('answers are not stored by browsers or caches unless the route says so', async (t) => {
  const hub = await buildTestHub(t)
  const { accessToken } = await signUp(hub, 'ann')
  const me = await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })
  t.equal(me.headers['cache-control'], 'no-store', 'an authenticated answer')
  const login = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: 'ann@example.org', password: 'a long enough password' },
  })
  t.equal(login.headers['cache-control'], 'no-store', 'an answer carrying tokens')
  const refused = await hub.app.inject({ method: 'GET', url: '/v1/me' })
  t.equal(refused.headers['cache-control'], 'no-store', 'an error')
  const jwks = await hub.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(jwks.headers['cache-control'], 'public, max-age=300', 'the public keys keep their own')
})
