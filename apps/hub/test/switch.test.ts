import { sql } from 'kysely'
import { createLocalJWKSet, jwtVerify } from 'jose'
import t from 'tap'
import { communityAudience } from '@kindred/tokens'
import { buildTestHub, provisionTestCommunity, signUp, tenantDatabase, type SignedUp, type TestHub } from '@kindred/testkit'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const switchTo = (hub: TestHub, token: string, community: string) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(token), payload: { community } })

interface Switched {
  accessToken: string
  expiresIn: number
  community: string
  member: { memberId: string; pseudonym: string; role: string }
}

// Community routes arrive with the forum; this stands in for one of each community, checking its audience.
const communityRoutes = (app: TestHub['app']) => {
  for (const [index, slug] of ['fop', 'ehlers-danlos'].entries()) {
    const schema = {
      operationId: `testCommunityRoute${index}`,
      security: [{ bearer: [] }],
      response: { 200: { type: 'object', properties: { sub: { type: 'string' } } } },
    }
    app.get(`/test/c/${slug}`, { schema }, async (request) => {
      const { sub } = await request.verifyAccessToken(communityAudience(slug))
      return { sub }
    })
  }
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { routes: communityRoutes })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await signUp(hub, 'ada')
  const joined = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    headers: bearer(ada.accessToken),
    payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1 },
  })
  const memberId = joined.json<{ member: { memberId: string } }>().member.memberId
  return { hub, ada, memberId }
}

t.test(
  'a member exchanges the hub session for a community token: audience, pairwise subject, role and pseudonym, minutes of life',
  async (t) => {
    const { hub, ada, memberId } = await setUp(t)
    const reply = await switchTo(hub, ada.accessToken, 'fop')
    t.equal(reply.statusCode, 200)
    const switched = reply.json<Switched>()
    t.match(switched, { community: 'fop', expiresIn: 300, member: { memberId, pseudonym: 'Bone Builder', role: 'member' } })
    const claims = await hub.tokens.verify(switched.accessToken, communityAudience('fop'))
    t.match(claims, { aud: 'kindred:community:fop', sub: memberId, role: 'member', pseudonym: 'Bone Builder' })
    t.equal(claims.exp - claims.iat, 300)
    t.notOk(JSON.stringify(claims).includes(ada.accountId), 'the account id is not in the token')
  },
)

t.test('a client outside Kindred verifies a community token from the JWKS alone, with jose', async (t) => {
  const { hub, ada, memberId } = await setUp(t)
  const { accessToken } = (await switchTo(hub, ada.accessToken, 'fop')).json<Switched>()
  const jwks = createLocalJWKSet((await hub.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json())
  const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
    issuer: 'kindred',
    audience: 'kindred:community:fop',
    algorithms: ['EdDSA'],
    typ: 'at+jwt',
    requiredClaims: ['sub', 'exp', 'iat'],
  })
  t.equal(payload.sub, memberId)
  t.equal(protectedHeader.alg, 'EdDSA')
  await t.rejects(
    jwtVerify(accessToken, jwks, { issuer: 'kindred', audience: 'kindred:community:ehlers-danlos' }),
    'another community would refuse it',
  )
})

t.test('a token for one community is refused by another community and by the hub; a hub token by a community', async (t) => {
  const { hub, ada } = await setUp(t)
  const { accessToken } = (await switchTo(hub, ada.accessToken, 'fop')).json<Switched>()
  t.equal((await hub.app.inject({ method: 'GET', url: '/test/c/fop', headers: bearer(accessToken) })).statusCode, 200)
  t.equal((await hub.app.inject({ method: 'GET', url: '/test/c/ehlers-danlos', headers: bearer(accessToken) })).statusCode, 401)
  t.equal((await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })).statusCode, 401)
  t.equal((await switchTo(hub, accessToken, 'fop')).statusCode, 401, 'a community token cannot switch')
  t.equal((await hub.app.inject({ method: 'GET', url: '/test/c/fop', headers: bearer(ada.accessToken) })).statusCode, 401)
})

t.test(
  'switching is 403 for a non-member, an unknown community, a member who left, a banned member and a community not live',
  async (t) => {
    const { hub, ada, memberId } = await setUp(t)
    const expectRefusal = async (token: string, community: string, code: string) => {
      const reply = await switchTo(hub, token, community)
      t.equal(reply.statusCode, 403, `${community}: ${code}`)
      t.equal(reply.json<{ code: string }>().code, code)
    }
    const bo: SignedUp = await signUp(hub, 'bo')
    await expectRefusal(bo.accessToken, 'fop', 'KINDRED_NOT_A_MEMBER')
    await expectRefusal(ada.accessToken, 'no-such-place', 'KINDRED_NOT_A_MEMBER')
    await expectRefusal(ada.accessToken, 'ehlers-danlos', 'KINDRED_NOT_A_MEMBER')

    const { db, schema } = await tenantDatabase(hub, 'fop')
    await sql`update ${sql.table(`${schema}.members`)} set banned_at = now() where member_id = ${memberId}`.execute(db)
    await expectRefusal(ada.accessToken, 'fop', 'KINDRED_BANNED_FROM_COMMUNITY')
    await sql`update ${sql.table(`${schema}.members`)} set banned_at = null where member_id = ${memberId}`.execute(db)

    await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'fop').execute()
    await expectRefusal(ada.accessToken, 'fop', 'KINDRED_COMMUNITY_NOT_LIVE')
    await hub.database.db.updateTable('hub.communities').set({ status: 'live' }).where('slug', '=', 'fop').execute()

    await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada.accessToken) })
    await expectRefusal(ada.accessToken, 'fop', 'KINDRED_NOT_A_MEMBER')
  },
)

t.test('switching needs a valid hub token and a well-formed community', async (t) => {
  const { hub, ada } = await setUp(t)
  t.equal((await hub.app.inject({ method: 'POST', url: '/v1/auth/switch', payload: { community: 'fop' } })).statusCode, 401)
  for (const payload of [{}, { community: 'FOP' }, { community: 'x' }, { community: 'fop', role: 'owner' }]) {
    const reply = await hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(ada.accessToken), payload })
    t.equal(reply.statusCode, 400, JSON.stringify(payload))
  }
})
