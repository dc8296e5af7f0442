import t from 'tap'
import { hubAudience } from '@kindred/tokens'
import { buildTestHub, type TestHub } from '@kindred/testkit'

const ada = { email: 'Ada@Example.org', password: 'correct horse battery staple', displayName: 'Ada Lovelace' }

interface TokenPair {
  tokenType: string
  accessToken: string
  refreshToken: string
  expiresIn: number
}

async function register(hub: TestHub, body: Record<string, unknown> = ada) {
  return hub.app.inject({ method: 'POST', url: '/v1/auth/register', payload: body })
}

async function login(hub: TestHub, body: Record<string, unknown>, remoteAddress = '198.51.100.1') {
  return hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: body, remoteAddress })
}

/** Registers Ada and signs her in: registration itself answers no tokens. */
async function registerAndSignIn(hub: TestHub): Promise<TokenPair> {
  await register(hub)
  return (await login(hub, { email: ada.email, password: ada.password })).json<TokenPair>()
}

async function refresh(hub: TestHub, refreshToken: string) {
  return hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
}

t.test('registering creates the account, answers 202 without tokens, and signing in works before the address is confirmed', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await register(hub)
  t.equal(reply.statusCode, 202)
  t.strictSame(reply.json(), { status: 'checkYourMail' }, 'no tokens: they would tell a new account from a taken address')
  const signedIn = await login(hub, { email: ada.email, password: ada.password })
  t.equal(signedIn.statusCode, 200)
  const session = signedIn.json<TokenPair>()
  t.strictSame(Object.keys(session).sort(), ['accessToken', 'expiresIn', 'refreshToken', 'tokenType'])
  t.match(session, { tokenType: 'Bearer', expiresIn: 900 })
  const me = await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${session.accessToken}` } })
  const { account, emailVerified } = me.json<{ account: { id: string; email: string; roles: string[] }; emailVerified: boolean }>()
  t.match(account, { email: 'ada@example.org', displayName: 'Ada Lovelace', roles: [] })
  t.equal(emailVerified, false, 'the address waits for its link')
  const stored = await hub.database.db.selectFrom('hub.accounts').select('id').executeTakeFirstOrThrow()
  t.equal(account.id, stored.id)
  const claims = await hub.app.tokens.verify(session.accessToken, hubAudience)
  t.equal(claims.sub, account.id)
})

t.test('an email already registered, in any case, gets the same answer and nothing is written', async (t) => {
  const hub = await buildTestHub(t)
  const first = await register(hub)
  const again = await register(hub, { ...ada, email: 'ADA@example.org', displayName: 'Someone else' })
  t.equal(again.statusCode, first.statusCode)
  t.equal(again.body, first.body)
  const accounts = await hub.database.db.selectFrom('hub.accounts').select('display_name').execute()
  t.same(accounts, [{ display_name: 'Ada Lovelace' }])
})

t.test('an invalid registration is refused with 400 naming the field, and nothing is written', async (t) => {
  const hub = await buildTestHub(t)
  const cases = [
    { body: { ...ada, password: 'too short' }, field: /body\/password/ },
    { body: { ...ada, password: 'p'.repeat(257) }, field: /body\/password/ },
    { body: { ...ada, email: 'not an email' }, field: /body\/email/ },
    { body: { ...ada, displayName: '   ' }, field: /body\/displayName/ },
    { body: { ...ada, roles: ['staff'] }, field: /body\/roles is not allowed/ },
  ]
  for (const { body, field } of cases) {
    const reply = await register(hub, body)
    t.equal(reply.statusCode, 400)
    t.match(reply.json(), { code: 'KINDRED_VALIDATION_FAILED', message: field })
  }
  t.equal((await hub.database.db.selectFrom('hub.accounts').select('id').execute()).length, 0)
})

t.test('signing in answers a token pair; an unknown email and a wrong password get the same 401', async (t) => {
  const hub = await buildTestHub(t)
  await register(hub)
  const signedIn = await login(hub, { email: 'ada@EXAMPLE.org', password: ada.password })
  t.equal(signedIn.statusCode, 200)
  t.match(signedIn.json(), { tokenType: 'Bearer', accessToken: /^ey/, refreshToken: /.{40,}/ })
  const wrongPassword = await login(hub, { email: ada.email, password: 'not the right password' })
  const unknownEmail = await login(hub, { email: 'nobody@example.org', password: ada.password })
  t.equal(wrongPassword.statusCode, 401)
  t.same(unknownEmail.json(), wrongPassword.json())
  t.match(wrongPassword.json(), { code: 'KINDRED_INVALID_CREDENTIALS' })
})

t.test('a refresh token works once; presenting it again ends the whole session', async (t) => {
  const hub = await buildTestHub(t)
  const session = await registerAndSignIn(hub)
  const first = await refresh(hub, session.refreshToken)
  t.equal(first.statusCode, 200)
  const next = first.json<TokenPair>()
  t.not(next.refreshToken, session.refreshToken)
  const replay = await refresh(hub, session.refreshToken)
  t.equal(replay.statusCode, 401)
  t.equal(replay.json<{ code: string }>().code, 'KINDRED_SESSION_INVALID')
  t.equal((await refresh(hub, next.refreshToken)).statusCode, 401, 'the token issued after the stolen one is revoked too')
})

t.test('signing out ends the session', async (t) => {
  const hub = await buildTestHub(t)
  const session = await registerAndSignIn(hub)
  const out = await hub.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: session.refreshToken } })
  t.equal(out.statusCode, 204)
  t.equal((await refresh(hub, session.refreshToken)).statusCode, 401)
})

t.test('no log line of these flows holds a password, a token or an email', async (t) => {
  const hub = await buildTestHub(t)
  const session = await registerAndSignIn(hub)
  const pair = (await login(hub, { email: ada.email, password: ada.password })).json<TokenPair>()
  await login(hub, { email: ada.email, password: 'a wrong password here' })
  await refresh(hub, pair.refreshToken)
  await refresh(hub, pair.refreshToken)
  const text = hub.logs.text()
  t.match(text, /\/v1\/auth\/refresh/, 'the flows were logged')
  for (const secret of [
    ada.password,
    'a wrong password here',
    'ada@example.org',
    ada.email,
    session.accessToken,
    session.refreshToken,
    pair.refreshToken,
  ]) {
    t.notMatch(text, secret, 'a secret is absent from the logs')
  }
})
