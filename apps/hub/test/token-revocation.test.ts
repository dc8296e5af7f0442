import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import {
  buildAnotherHub,
  buildTestHub,
  communityMember,
  hubKeySigner,
  provisionTestCommunity,
  signUp,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '@kindred/testkit'

// The hub as deployed, caches on, and a second hub process on the same databases: a revocation made
// through one must hold on both, the one that made it at once and the other as soon as it hears.
const env = { ...withoutLoadShedding, CACHE_TTL_MS: '60000' }

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Setup {
  hub: TestHub
  other: FastifyInstance
  ada: CommunityMember
  bo: CommunityMember
  categoryId: string
}

async function setUp(t: Test): Promise<Setup> {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Reader' })
  const other = await buildAnotherHub(t, hub)
  const categories = await hub.app.inject({ method: 'GET', url: '/v1/c/fop/categories', headers: bearer(ada.token) })
  const categoryId = categories.json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  // Both hubs read Ada's standing once their LISTEN is up, so what they keep in memory is what is tested.
  for (const app of [hub.app, other]) await threads(app, ada)
  await pause(300)
  for (const app of [hub.app, other]) t.equal((await threads(app, ada)).statusCode, 200, 'the community token works before')
  return { hub, other, ada, bo, categoryId }
}

const threads = (app: FastifyInstance, as: CommunityMember) =>
  app.inject({ method: 'GET', url: '/v1/c/fop/threads', headers: bearer(as.token) })

// What the outside test did after the ban: a thread and a direct message, then a read.
function attempts({ ada, bo, categoryId }: Setup) {
  return {
    thread: (app: FastifyInstance) =>
      app.inject({
        method: 'POST',
        url: '/v1/c/fop/threads',
        headers: bearer(ada.token),
        payload: { categoryId, title: 'After the ban', body: 'Still here?' },
      }),
    message: (app: FastifyInstance) =>
      app.inject({
        method: 'POST',
        url: '/v1/c/fop/messages',
        headers: bearer(ada.token),
        payload: { to: bo.memberId, body: 'Still here?' },
      }),
    read: (app: FastifyInstance) => threads(app, ada),
  }
}

async function statusWithin(request: () => Promise<{ statusCode: number }>, expected: number, ms = 2000): Promise<number> {
  const deadline = Date.now() + ms
  let status = (await request()).statusCode
  while (status !== expected && Date.now() < deadline) {
    await pause(20)
    status = (await request()).statusCode
  }
  return status
}

/** Every attempt is 401 on the hub that ended the sessions at once, and on the other hub within moments. */
async function refusedEverywhere(t: Test, setup: Setup): Promise<void> {
  const tries = attempts(setup)
  for (const [name, attempt] of Object.entries(tries)) {
    const reply = await attempt(setup.hub.app)
    t.equal(reply.statusCode, 401, `${name} on the hub that ended the sessions, at once`)
    t.match(reply.json(), { code: 'KINDRED_UNAUTHORIZED' })
  }
  for (const [name, attempt] of Object.entries(tries)) {
    t.equal(await statusWithin(() => attempt(setup.other), 401), 401, `${name} on another hub, once it hears`)
  }
}

t.test('a network ban ends the community tokens issued before it, on every hub', async (t) => {
  const setup = await setUp(t)
  const staff = await signUp(setup.hub, 'staff', { staff: true })
  const banned = await setup.hub.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${setup.ada.account.accountId}/ban`,
    headers: bearer(staff.accessToken),
    payload: { reason: 'Selling unproven treatments' },
  })
  t.equal(banned.statusCode, 200)
  await refusedEverywhere(t, setup)
  t.equal((await threads(setup.hub.app, setup.bo)).statusCode, 200, 'another member of the community is not affected')
})

t.test('a password change ends the community tokens issued before it, on every hub', async (t) => {
  const setup = await setUp(t)
  const changed = await setup.hub.app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: bearer(setup.ada.account.accessToken),
    payload: { currentPassword: 'a long enough password', newPassword: 'another long enough password' },
  })
  t.equal(changed.statusCode, 200)
  await refusedEverywhere(t, setup)
  const { accessToken } = changed.json<{ accessToken: string }>()
  const switched = await setup.hub.app.inject({
    method: 'POST',
    url: '/v1/auth/switch',
    headers: bearer(accessToken),
    payload: { community: 'fop' },
  })
  const fresh = { ...setup.ada, token: switched.json<{ accessToken: string }>().accessToken }
  for (const app of [setup.hub.app, setup.other])
    t.equal((await threads(app, fresh)).statusCode, 200, 'a community token issued since works')
})

t.test('asking for erasure ends the community tokens issued before it, on every hub', async (t) => {
  const setup = await setUp(t)
  const erasing = await setup.hub.app.inject({
    method: 'DELETE',
    url: '/v1/me',
    headers: bearer(setup.ada.account.accessToken),
    payload: { password: 'a long enough password' },
  })
  t.equal(erasing.statusCode, 202)
  await refusedEverywhere(t, setup)
})

interface TokenPair {
  accessToken: string
  refreshToken: string
}

const signIn = async (hub: TestHub, name: string): Promise<TokenPair> =>
  (
    await hub.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: `${name}@example.org`, password: 'a long enough password' },
    })
  ).json<TokenPair>()
const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) })
const logout = (hub: TestHub, session: TokenPair, headers: Record<string, string> = bearer(session.accessToken)) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/logout', headers, payload: { refreshToken: session.refreshToken } })

t.test(
  'a password change ends the tokens of its whole second; the pair it hands out, and a community token switched from it, work at once',
  async (t) => {
    const setup = await setUp(t)
    const { hub, ada } = setup
    const changed = await hub.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: bearer(ada.account.accessToken),
      payload: { currentPassword: 'a long enough password', newPassword: 'another long enough password' },
    })
    t.equal(changed.statusCode, 200)
    // A token issued in the very second the change took effect (token times have whole seconds), as a thief
    // refreshing a stolen session in a loop would hold one.
    const account = await hub.database.db
      .selectFrom('hub.accounts')
      .select('sessions_valid_after')
      .where('id', '=', ada.account.accountId)
      .executeTakeFirstOrThrow()
    const secondOfChange = Math.ceil(account.sessions_valid_after.getTime() / 1000) - 1
    const signer = await hubKeySigner(hub)
    const sameSecond = { iss: 'kindred', iat: secondOfChange, exp: secondOfChange + 300 }
    const hubToken = signer.sign({ ...sameSecond, aud: 'kindred:hub', sub: ada.account.accountId, jti: randomUUID() })
    const communityToken = signer.sign({
      ...sameSecond,
      aud: 'kindred:community:fop',
      sub: ada.memberId,
      jti: randomUUID(),
      role: 'member',
      pseudonym: 'Bone Builder',
    })
    t.equal((await me(hub.app, hubToken)).statusCode, 401, 'a hub token of the second of the change is refused')
    t.equal((await threads(hub.app, { ...ada, token: communityToken })).statusCode, 401, 'and so is a community token')

    const { accessToken } = changed.json<{ accessToken: string }>()
    t.equal((await me(hub.app, accessToken)).statusCode, 200, 'the new hub token works at once')
    const switched = await hub.app.inject({
      method: 'POST',
      url: '/v1/auth/switch',
      headers: bearer(accessToken),
      payload: { community: 'fop' },
    })
    t.equal(switched.statusCode, 200)
    t.equal(
      (await threads(hub.app, { ...ada, token: switched.json<{ accessToken: string }>().accessToken })).statusCode,
      200,
      'and so does a community token switched from it',
    )
  },
)

t.test('signing out refuses the access token it was sent with at once, on every hub, and ends no other session', async (t) => {
  const hub = await buildTestHub(t, { env })
  const other = await buildAnotherHub(t, hub)
  const ada = await signUp(hub, 'ada')
  const laptop = { accessToken: ada.accessToken, refreshToken: ada.refreshToken }
  const phone = await signIn(hub, 'ada')
  for (const app of [hub.app, other]) await me(app, laptop.accessToken)
  await pause(300)
  for (const app of [hub.app, other]) t.equal((await me(app, laptop.accessToken)).statusCode, 200, 'the access token works before')

  t.equal((await logout(hub, laptop)).statusCode, 204)
  const refused = await me(hub.app, laptop.accessToken)
  t.equal(refused.statusCode, 401, 'refused at once on the hub that signed out')
  t.match(refused.json(), { code: 'KINDRED_UNAUTHORIZED' })
  t.equal(await statusWithin(() => me(other, laptop.accessToken), 401), 401, 'and on another hub once it hears')
  const refresh = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: laptop.refreshToken } })
  t.equal(refresh.statusCode, 401, 'the refresh token is ended as before')
  for (const app of [hub.app, other]) t.equal((await me(app, phone.accessToken)).statusCode, 200, 'the session on another device goes on')
})

const switchWith = async (hub: TestHub, accessToken: string, community: string): Promise<string> =>
  (await hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(accessToken), payload: { community } })).json<{
    accessToken: string
  }>().accessToken
const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

t.test('signing out refuses the community tokens switched from that access token too, and no others', async (t) => {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'pku')
  const ada = await communityMember(hub, 'fop', 'ada')
  const joined = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/pku/join',
    headers: bearer(ada.account.accessToken),
    payload: { pseudonym: 'Ada in pku', acceptCharterVersion: 1 },
  })
  t.equal(joined.statusCode, 201)
  const laptop = { accessToken: ada.account.accessToken, refreshToken: ada.account.refreshToken }
  const fromLaptop = { fop: ada.token, pku: await switchWith(hub, laptop.accessToken, 'pku') }
  const phone = await signIn(hub, 'ada')
  const fromPhone = await switchWith(hub, phone.accessToken, 'fop')
  const other = await buildAnotherHub(t, hub)
  const read = (app: FastifyInstance, slug: string, token: string) =>
    app.inject({ method: 'GET', url: `/v1/c/${slug}/threads`, headers: bearer(token) })
  for (const app of [hub.app, other]) await read(app, 'fop', fromLaptop.fop)
  await pause(300)
  for (const app of [hub.app, other]) t.equal((await read(app, 'fop', fromLaptop.fop)).statusCode, 200, 'the community token works before')

  // What ties a community token to the hub token it was switched from must not tie two communities together.
  const hubTokenId = String(payloadOf(laptop.accessToken).jti)
  const sessions = [payloadOf(fromLaptop.fop).sid, payloadOf(fromLaptop.pku).sid]
  t.not(sessions[0], sessions[1], 'each community sees a session reference of its own')
  for (const sid of sessions) t.notMatch(String(sid), hubTokenId, 'and none shows the hub token id')

  t.equal((await logout(hub, laptop)).statusCode, 204)
  for (const slug of ['fop', 'pku'] as const) {
    t.equal((await read(hub.app, slug, fromLaptop[slug])).statusCode, 401, `${slug}: refused at once on the hub that signed out`)
    t.equal(await statusWithin(() => read(other, slug, fromLaptop[slug]), 401), 401, `${slug}: and on another hub once it hears`)
  }
  for (const app of [hub.app, other])
    t.equal((await read(app, 'fop', fromPhone)).statusCode, 200, 'a community token of the other session goes on')
})

t.test('signing out without an access token, or with one that is invalid, still ends the session and its access tokens', async (t) => {
  const hub = await buildTestHub(t, { env })
  await signUp(hub, 'ada')
  for (const headers of [{}, bearer('not.a.token'), { authorization: 'Basic YWRhOnNlY3JldA==' }]) {
    const session = await signIn(hub, 'ada')
    const out = await logout(hub, session, headers)
    t.equal(out.statusCode, 204, JSON.stringify(headers))
    const refresh = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })
    t.equal(refresh.statusCode, 401, 'the refresh token is ended')
    t.equal((await me(hub.app, session.accessToken)).statusCode, 401, 'the access token of the session, though not sent, is refused')
  }
})

// What the outside test found: a client signing out holds only its latest pair, but an access token from
// before a refresh (copied, or kept by a stolen device) lived on for its remaining lifetime.
t.test(
  'signing out refuses every access token of the session, from before its last refresh too, with the community tokens switched from them',
  async (t) => {
    const hub = await buildTestHub(t, { env })
    await provisionTestCommunity(hub, 'fop')
    const ada = await communityMember(hub, 'fop', 'ada')
    const first = { accessToken: ada.account.accessToken, refreshToken: ada.account.refreshToken }
    const refreshed = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })
    const latest = refreshed.json<TokenPair>()
    const fromLatest = await switchWith(hub, latest.accessToken, 'fop')
    t.equal(payloadOf(first.accessToken).sid, payloadOf(latest.accessToken).sid, 'both access tokens name the same session')
    const phone = await signIn(hub, 'ada')
    const other = await buildAnotherHub(t, hub)
    const read = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/v1/c/fop/threads', headers: bearer(token) })
    for (const app of [hub.app, other]) await Promise.all([me(app, first.accessToken), read(app, ada.token)])
    await pause(300)
    for (const app of [hub.app, other]) {
      t.equal((await me(app, first.accessToken)).statusCode, 200, 'the first access token works before')
      t.equal((await read(app, ada.token)).statusCode, 200, 'and so does the community token switched from it')
    }

    t.equal((await logout(hub, latest)).statusCode, 204)
    const stale = { 'the first access token': () => me(hub.app, first.accessToken), 'its community token': () => read(hub.app, ada.token) }
    const staleOnOther = {
      'the first access token': () => me(other, first.accessToken),
      'its community token': () => read(other, ada.token),
    }
    for (const [name, attempt] of Object.entries(stale))
      t.equal((await attempt()).statusCode, 401, `${name}: refused at once on the hub that signed out`)
    for (const [name, attempt] of Object.entries(staleOnOther))
      t.equal(await statusWithin(attempt, 401), 401, `${name}: and on another hub once it hears`)
    t.equal((await read(hub.app, fromLatest)).statusCode, 401, 'a community token switched from the latest access token is refused too')
    for (const app of [hub.app, other]) t.equal((await me(app, phone.accessToken)).statusCode, 200, 'the session on another device goes on')
  },
)
