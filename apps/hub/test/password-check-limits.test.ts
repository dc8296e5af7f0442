import t from 'tap'
import { buildTestHub, signUp, type SignedUp, type TestHub } from '@kindred/testkit'

// signUp's password: the one the right attempts send.
const password = 'a long enough password'

const changePassword = (hub: TestHub, as: SignedUp, currentPassword: string, remoteAddress: string) =>
  hub.app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: { currentPassword, newPassword: 'a brand new passphrase' },
    remoteAddress,
  })

const erase = (hub: TestHub, as: SignedUp, guess: string, remoteAddress: string) =>
  hub.app.inject({
    method: 'DELETE',
    url: '/v1/me',
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: { password: guess },
    remoteAddress,
  })

const stillThere = async (hub: TestHub, as: SignedUp) =>
  (await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${as.accessToken}` } })).statusCode === 200

t.test('a stolen token used from many addresses gets ten password changes an hour, then 429 even with the right password', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const ada = await signUp(hub, 'ada')
  for (let n = 1; n <= 10; n++) {
    t.equal(
      (await changePassword(hub, ada, `guess number ${n}`, `203.0.113.${n}`)).statusCode,
      401,
      `guess ${n}, from an address of its own, is judged`,
    )
  }
  const refused = await changePassword(hub, ada, password, '203.0.113.99')
  t.equal(refused.statusCode, 429)
  t.equal(refused.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
  t.ok(Number(refused.headers['retry-after']) > 3000, `until the hour ends (${refused.headers['retry-after']} s)`)
  t.ok(await stillThere(hub, ada), 'the password and the session are unchanged')
  const bo = await signUp(hub, 'bo')
  t.equal((await changePassword(hub, bo, password, '203.0.113.99')).statusCode, 200, 'another account is not affected')
})

t.test('a stolen token used from many addresses gets ten erasure requests an hour, then 429 even with the right password', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const ada = await signUp(hub, 'ada')
  for (let n = 1; n <= 10; n++) {
    t.equal(
      (await erase(hub, ada, `guess number ${n}`, `203.0.113.${n}`)).statusCode,
      401,
      `guess ${n}, from an address of its own, is judged`,
    )
  }
  t.equal((await erase(hub, ada, password, '203.0.113.99')).statusCode, 429)
  t.ok(await stillThere(hub, ada), 'the account is not being erased')
})

t.test('password changes and erasure requests spend one budget per account, as configured', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false, env: { KINDRED_LIMIT_PASSWORD_CHECK_PER_ACCOUNT: '2/1h' } })
  const ada = await signUp(hub, 'ada')
  t.equal((await changePassword(hub, ada, 'guess number 1', '203.0.113.1')).statusCode, 401)
  t.equal((await erase(hub, ada, 'guess number 2', '203.0.113.2')).statusCode, 401)
  t.equal((await changePassword(hub, ada, password, '203.0.113.3')).statusCode, 429, 'a change after an erasure request')
  t.equal((await erase(hub, ada, password, '203.0.113.4')).statusCode, 429, 'an erasure request after a change')
})
