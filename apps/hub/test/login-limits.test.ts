import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { buildTestHub, type TestHub } from '@kindred/testkit'

const ada = { email: 'ada@example.org', password: 'correct horse battery staple', displayName: 'Ada' }
const right = { email: ada.email, password: ada.password }
const guess = (n: number) => ({ email: 'Ada@Example.org', password: `guess number ${n}` })

const home = '198.51.100.1'
const attacker = '203.0.113.7'

async function withAda(t: Parameters<typeof buildTestHub>[0], env: Record<string, string> = {}): Promise<TestHub> {
  const hub = await buildTestHub(t, { env, secondPlacement: false })
  const registered = await hub.app.inject({ method: 'POST', url: '/v1/auth/register', payload: ada, remoteAddress: '192.0.2.1' })
  if (registered.statusCode !== 202) throw new Error(`registering answered ${registered.statusCode}`)
  return hub
}

const login = (hub: TestHub, body: { email: string; password: string }, remoteAddress: string) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: body, remoteAddress })

t.test('ten failed sign-ins, the lockout of issue 13, no longer keep the owner out', async (t) => {
  const hub = await withAda(t)
  for (let n = 1; n <= 10; n++) t.equal((await login(hub, guess(n), `203.0.113.${n}`)).statusCode, 401, `guess ${n} is judged`)
  t.equal((await login(hub, right, home)).statusCode, 200, 'the owner signs in, from an address never used before')
})

t.test('failing from one address locks that address out of the account, not the owner signing in from another', async (t) => {
  const hub = await withAda(t, { KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: '3/15m' })
  for (let n = 1; n <= 3; n++) t.equal((await login(hub, guess(n), attacker)).statusCode, 401, `guess ${n} is judged`)
  const locked = await login(hub, right, attacker)
  t.equal(locked.statusCode, 429, "the attacker's address is refused even the right password")
  t.equal(locked.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
  t.ok(Number(locked.headers['retry-after']) > 800, `until the window ends (${locked.headers['retry-after']} s)`)
  t.equal((await login(hub, right, home)).statusCode, 200, 'the owner signs in from another address')
  t.equal(
    (await login(hub, { email: 'bo@example.org', password: 'whatever password' }, attacker)).statusCode,
    401,
    'other accounts are judged from that address',
  )
})

t.test('failures from many addresses meet a ceiling per account, which addresses it signed in from lately do not', async (t) => {
  const hub = await withAda(t, { KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5/1h' })
  t.equal((await login(hub, right, home)).statusCode, 200, 'the owner signed in from home before the attack')
  for (let n = 1; n <= 5; n++)
    t.equal((await login(hub, guess(n), `203.0.113.${n}`)).statusCode, 401, `guess ${n}, from an address of its own, is judged`)
  const refused = await login(hub, right, '203.0.113.99')
  t.equal(refused.statusCode, 429, 'a new address is refused even the right password')
  t.ok(Number(refused.headers['retry-after']) > 3000, `until the hour ends (${refused.headers['retry-after']} s)`)
  t.equal((await login(hub, guess(6), '203.0.113.100')).statusCode, 429, 'and so is every other new address')
  t.equal((await login(hub, right, home)).statusCode, 200, 'the owner still signs in from home')
  t.equal(
    (await login(hub, { email: 'bo@example.org', password: 'whatever password' }, '203.0.113.99')).statusCode,
    401,
    'other accounts are not affected',
  )
})

t.test('only failures count: the owner signs in as often as they like, and each success starts the count again', async (t) => {
  const hub = await withAda(t, {
    KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: '3/15m',
    KINDRED_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3/1h',
  })
  for (let n = 1; n <= 12; n++) t.equal((await login(hub, right, home)).statusCode, 200, `sign-in ${n}`)
  const attempts = [guess(1), guess(2), right, guess(3), guess(4), right]
  const answers = []
  for (const body of attempts) answers.push((await login(hub, body, attacker)).statusCode)
  t.same(answers, [401, 401, 200, 401, 401, 200], 'two failures and a success, twice, from one address')
})

t.test('after three failures in a row from one address, each further failure doubles the wait before the next attempt', async (t) => {
  const hub = await withAda(t)
  for (let n = 1; n <= 3; n++) t.equal((await login(hub, guess(n), attacker)).statusCode, 401, `guess ${n} costs no wait`)
  const waits: number[] = []
  for (let n = 4; n <= 6; n++) {
    t.equal((await login(hub, guess(n), attacker)).statusCode, 401, `guess ${n} is judged once the wait is over`)
    const early = await login(hub, right, attacker)
    t.equal(early.statusCode, 429, 'the next attempt before the wait is over is refused, right password or not')
    waits.push(Number(early.headers['retry-after']))
    await sleep(Number(early.headers['retry-after']) * 1000 + 100)
  }
  t.same(waits, [1, 2, 4], 'Retry-After grows: 1, 2 and 4 seconds')
  t.equal((await login(hub, right, home)).statusCode, 200, 'the owner from another address never waited')
  t.equal((await login(hub, right, attacker)).statusCode, 200, 'the right password, once the wait is over, signs in')
  t.equal((await login(hub, guess(7), attacker)).statusCode, 401, 'and the success started the count again')
  t.equal((await login(hub, guess(8), attacker)).statusCode, 401, 'with no wait')
})
