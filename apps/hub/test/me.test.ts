import t from 'tap'
import { setAccountLanguage } from '@kindred/identity'
import { buildTestHub, type TestHub } from '@kindred/testkit'

const ada = { email: 'ada@example.org', password: 'correct horse battery staple', displayName: 'Ada' }

interface Session {
  accessToken: string
  refreshToken: string
}

async function signUp(hub: TestHub): Promise<{ accountId: string; session: Session }> {
  await hub.app.inject({ method: 'POST', url: '/v1/auth/register', payload: ada })
  const reply = await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: ada.email, password: ada.password } })
  // The account's id is read where it is stored, not from /v1/me under test.
  const { id } = await hub.database.db.selectFrom('hub.accounts').select('id').where('email', '=', ada.email).executeTakeFirstOrThrow()
  return { accountId: id, session: reply.json<Session>() }
}

const me = (hub: TestHub, accessToken: string) =>
  hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })

const credentials = { email: ada.email, password: ada.password }

// Tokens carry whole seconds (iat), and so does the check against the time sessions were ended: a token
// from the same second as a password change still stands. Starting the change at the top of a second
// puts the tokens issued before it in an earlier second.
const startOfNextSecond = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5))

t.test('the signed-in account is answered with its network roles', async (t) => {
  const hub = await buildTestHub(t)
  const { accountId, session } = await signUp(hub)
  const reply = await me(hub, session.accessToken)
  t.equal(reply.statusCode, 200)
  t.match(reply.json(), { account: { id: accountId, email: 'ada@example.org', displayName: 'Ada', roles: [] }, emailVerified: false })
  t.equal(reply.json<{ language: string | null }>().language, null, 'no interface language until the member chooses one')
})

t.test('the interface language the member chose is answered with the account', async (t) => {
  const hub = await buildTestHub(t)
  const { accountId, session } = await signUp(hub)
  await setAccountLanguage(hub.database.db, accountId, 'es')
  t.equal((await me(hub, session.accessToken)).json<{ language: string | null }>().language, 'es')
})

t.test('without a valid hub token, /v1/me is 401 and reveals nothing', async (t) => {
  const hub = await buildTestHub(t)
  for (const headers of [{}, { authorization: 'Bearer not.a.token' }, { authorization: 'Basic YWRhOnB3' }]) {
    const reply = await hub.app.inject({ method: 'GET', url: '/v1/me', headers })
    t.equal(reply.statusCode, 401)
    t.strictSame(Object.keys(reply.json<object>()).sort(), ['code', 'error', 'message', 'statusCode'])
  }
})

t.test('changing the password ends every session at once and gives this client a new one', async (t) => {
  const hub = await buildTestHub(t)
  const { session } = await signUp(hub)
  const otherDevice = (await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: credentials })).json<Session>()
  await startOfNextSecond()
  const changed = await hub.app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: { authorization: `Bearer ${session.accessToken}` },
    payload: { currentPassword: ada.password, newPassword: 'a brand new passphrase' },
  })
  t.equal(changed.statusCode, 200)
  const fresh = changed.json<Session>()

  t.equal((await me(hub, fresh.accessToken)).statusCode, 200, 'the new session works')
  t.equal((await me(hub, session.accessToken)).statusCode, 401, 'the access token used for the change is refused')
  t.equal((await me(hub, otherDevice.accessToken)).statusCode, 401, 'so is the other device’s')
  for (const refreshToken of [session.refreshToken, otherDevice.refreshToken]) {
    const reply = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
    t.equal(reply.statusCode, 401, 'an old refresh token is refused')
  }
  t.equal(
    (await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: credentials })).statusCode,
    401,
    'the old password is refused',
  )
  const withNew = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: ada.email, password: 'a brand new passphrase' },
  })
  t.equal(withNew.statusCode, 200, 'the new password signs in')
})

t.test('a wrong current password changes nothing', async (t) => {
  const hub = await buildTestHub(t)
  const { session } = await signUp(hub)
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: { authorization: `Bearer ${session.accessToken}` },
    payload: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
  })
  t.equal(reply.statusCode, 401)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_INVALID_CREDENTIALS')
  t.equal((await me(hub, session.accessToken)).statusCode, 200, 'the session goes on')
  t.equal(
    (await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: credentials })).statusCode,
    200,
    'the password is unchanged',
  )
})

t.test('an account erased while its token still lives is refused', async (t) => {
  const hub = await buildTestHub(t)
  const { accountId, session } = await signUp(hub)
  await hub.database.db.deleteFrom('hub.accounts').where('id', '=', accountId).execute()
  t.equal((await me(hub, session.accessToken)).statusCode, 401)
})
