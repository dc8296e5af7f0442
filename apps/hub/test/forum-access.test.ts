import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { communityAudience, hubAudience } from '@kindred/tokens'
import {
  buildTestHub,
  communityMember,
  provisionTestCommunity,
  setMember,
  signUp,
  type TestHub,
  withoutLoadShedding,
} from '@kindred/testkit'
import { currentPrivateKey, forge } from '../../../packages/tokens/test/forge.ts'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

// Two communities; Ada is in fop and has opened a thread there, Bo is in ehlers-danlos only.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'ehlers-danlos', 'bo', { pseudonym: 'Stretchy Zebra' })
  const categoryId =
    (await inject(hub, ada.token, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  const opened = await inject(hub, ada.token, 'POST', '/v1/c/fop/threads', {
    categoryId,
    title: 'Secret fop title',
    body: 'A secret fop body',
  })
  if (opened.statusCode !== 201) throw new Error(opened.body)
  const { thread, post } = opened.json<{ thread: { id: string }; post: { id: string } }>()
  return { hub, ada, bo, categoryId, threadId: thread.id, postId: post.id }
}

function inject(
  hub: TestHub,
  token: string | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return hub.app.inject({ method, url, headers: token === undefined ? {} : bearer(token), ...(payload === undefined ? {} : { payload }) })
}

// Every members-only route of a community, with a request a member could make.
function communityRoutes(ids: { categoryId: string; threadId: string; postId: string }) {
  return [
    ['GET', '/v1/c/fop/categories', undefined],
    ['POST', '/v1/c/fop/categories', { slug: 'events', name: 'Events' }],
    ['PATCH', `/v1/c/fop/categories/${ids.categoryId}`, { name: 'Renamed' }],
    ['POST', '/v1/c/fop/charter/accept', { version: 1 }],
    ['GET', '/v1/c/fop/threads', undefined],
    ['POST', '/v1/c/fop/threads', { categoryId: ids.categoryId, title: 'Hello', body: 'Hi' }],
    ['GET', `/v1/c/fop/threads/${ids.threadId}`, undefined],
    ['POST', `/v1/c/fop/threads/${ids.threadId}/replies`, { body: 'Me as well' }],
    ['PATCH', `/v1/c/fop/posts/${ids.postId}`, { body: 'Edited' }],
    ['DELETE', `/v1/c/fop/posts/${ids.postId}`, undefined],
    ['GET', `/v1/c/fop/posts/${ids.postId}/edits`, undefined],
    ['PUT', `/v1/c/fop/posts/${ids.postId}/me-too`, undefined],
    ['DELETE', `/v1/c/fop/posts/${ids.postId}/me-too`, undefined],
  ] as const
}

t.test(
  "every community route refuses another community's token, a hub token, an expired, a forged and no token, revealing nothing",
  async (t) => {
    const { hub, ada, bo, ...ids } = await setUp(t)
    const hubKey = await currentPrivateKey(hub.database, hub.masterKey)
    const now = Math.floor(Date.now() / 1000)
    const claims = { iss: 'kindred', aud: communityAudience('fop'), sub: ada.memberId, role: 'owner', pseudonym: 'Bone Builder', jti: 'j' }
    const attackerKey = generateKeyPairSync('ed25519').privateKey
    const header = { alg: 'EdDSA', typ: 'at+jwt', kid: hubKey.kid }
    const tokens = {
      'another community': bo.token,
      hub: ada.account.accessToken,
      'hub-signed for the hub audience': await hub.tokens.sign({ subject: ada.memberId, audience: hubAudience }),
      expired: forge(header, { ...claims, iat: now - 600, exp: now - 60 }, hubKey.key),
      forged: forge(header, { ...claims, iat: now, exp: now + 300 }, attackerKey),
      unsigned: forge({ ...header, alg: 'none' }, { ...claims, iat: now, exp: now + 300 }),
      none: undefined,
    }
    for (const [method, url, payload] of communityRoutes(ids)) {
      for (const [kind, token] of Object.entries(tokens)) {
        const reply = await inject(hub, token, method, url, payload)
        t.equal(reply.statusCode, 401, `${method} ${url} with ${kind}`)
        t.equal(reply.json<{ code: string }>().code, 'KINDRED_UNAUTHORIZED')
        for (const secret of ['Secret fop', 'Bone Builder', 'Introductions', ada.memberId])
          t.notOk(reply.body.includes(secret), `${kind}: no ${secret}`)
      }
    }
    const still = await inject(hub, ada.token, 'GET', `/v1/c/fop/threads/${ids.threadId}`)
    t.equal(still.json<{ posts: Array<{ state: string }> }>().posts[0]?.state, 'visible', 'nothing any refused request did was done')
  },
)

t.test('a member who left or is banned is refused with 403 even with a token that is still valid', async (t) => {
  const { hub, ada } = await setUp(t)
  await setMember(hub, 'fop', ada.memberId, { banned: true })
  const banned = await inject(hub, ada.token, 'GET', '/v1/c/fop/threads')
  t.equal(banned.statusCode, 403)
  t.equal(banned.json<{ code: string }>().code, 'KINDRED_BANNED_FROM_COMMUNITY')
  await setMember(hub, 'fop', ada.memberId, { banned: false })
  t.equal((await inject(hub, ada.token, 'GET', '/v1/c/fop/threads')).statusCode, 200)
  const left = await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada.account.accessToken) })
  t.equal(left.statusCode, 204)
  const after = await inject(hub, ada.token, 'GET', '/v1/c/fop/threads')
  t.equal(after.statusCode, 403)
  t.equal(after.json<{ code: string }>().code, 'KINDRED_NOT_A_MEMBER')
})

t.test('an archived community can be read by its members but refuses every write with 409', async (t) => {
  const { hub, ada, threadId } = await setUp(t)
  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'fop').execute()
  // The hub caches a community's status a few seconds; forgetting it stands in for waiting them out.
  hub.app.communities.forget('fop')
  const reply = await inject(hub, ada.token, 'GET', `/v1/c/fop/threads/${threadId}`)
  t.equal(reply.statusCode, 200, 'reading goes on')
  const write = await inject(hub, ada.token, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Still here?' })
  t.equal(write.statusCode, 409)
  t.equal(write.json<{ code: string }>().code, 'KINDRED_COMMUNITY_ARCHIVED')
  t.equal((await inject(hub, ada.token, 'GET', `/v1/c/fop/threads/${threadId}`)).statusCode, 200)
})

t.test('staff archiving a community through the API makes it read-only at once on this hub, and restoring writable', async (t) => {
  const { hub, ada, threadId } = await setUp(t)
  const staff = await signUp(hub, 'steward', { staff: true })
  const admin = (action: string, payload: object) =>
    hub.app.inject({ method: 'POST', url: `/v1/admin/communities/fop/${action}`, headers: bearer(staff.accessToken), payload })
  const reply = () => inject(hub, ada.token, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Anyone?' })
  t.equal((await reply()).statusCode, 201, 'the community is cached as live')
  t.equal((await admin('archive', { reason: 'Merged into another community' })).statusCode, 200)
  t.equal((await reply()).statusCode, 409)
  t.equal((await admin('restore', {})).statusCode, 200)
  t.equal((await reply()).statusCode, 201)
})

t.test(
  'the landing of a community is public and shows what it is about, its charter and categories, and nothing of its members',
  async (t) => {
    const { hub } = await setUp(t)
    const reply = await hub.app.inject({ method: 'GET', url: '/v1/c/fop' })
    t.equal(reply.statusCode, 200)
    const landing = reply.json<{ slug: string; charter: { version: number; text: string }; categories: Array<{ slug: string }> }>()
    t.match(landing, { slug: 'fop', status: 'live', charter: { version: 1 } })
    t.ok(landing.categories.some((category) => category.slug === 'introductions'))
    for (const secret of ['Secret fop', 'Bone Builder']) t.notOk(reply.body.includes(secret), secret)
    t.equal((await hub.app.inject({ method: 'GET', url: '/v1/c/no-such-place' })).statusCode, 404)
  },
)
