import { generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { communityAudience, hubAudience } from '@kindred/tokens'
import {
  buildTestHub,
  communityMember,
  provisionTestCommunity,
  tenantDatabase,
  type CommunityMember,
  type TestHub,
  withoutLoadShedding,
} from '@kindred/testkit'
import { currentPrivateKey, forge } from '../../../packages/tokens/test/forge.ts'

// Two communities on two placements, each with an owner and a member who have written things only that
// community may read. Every members-only route the hub has (read from its OpenAPI document, so a route
// added later is covered without touching this file) is called with generated tokens, ids and bodies.

const slugs = ['fop', 'ehlers-danlos'] as const
// The hub as deployed, members cached: a cached member of one community must open nothing of another.
const withMemberCache = { ...withoutLoadShedding, CACHE_TTL_MS: '60000' }
type Slug = (typeof slugs)[number]

interface Community {
  slug: Slug
  owner: CommunityMember
  member: CommunityMember
  ids: string[]
  /** Strings only this community's members may ever see. */
  secrets: string[]
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const
type Method = (typeof methods)[number]

async function inject(hub: TestHub, token: string | undefined, method: string, url: string, payload?: unknown) {
  return hub.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    headers: token === undefined ? {} : bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
}

async function seedCommunity(hub: TestHub, slug: Slug): Promise<Community> {
  const owner = await communityMember(hub, slug, `${slug}-owner`, { pseudonym: `Keeper of ${slug}`, role: 'owner' })
  const member = await communityMember(hub, slug, `${slug}-member`, { pseudonym: `Quiet ${slug} reader` })
  const categories = (await inject(hub, owner.token, 'GET', `/v1/c/${slug}/categories`)).json<{ categories: Array<{ id: string }> }>()
  const categoryId = categories.categories[0]?.id ?? ''
  const title = `Private ${slug} thread title`
  const body = `Only ${slug} members may read this body`
  const opened = await inject(hub, owner.token, 'POST', `/v1/c/${slug}/threads`, { categoryId, title, body })
  if (opened.statusCode !== 201) throw new Error(opened.body)
  const { thread, post } = opened.json<{ thread: { id: string }; post: { id: string } }>()
  const reply = `A ${slug} reply nobody else should see`
  const replied = await inject(hub, member.token, 'POST', `/v1/c/${slug}/threads/${thread.id}/replies`, { body: reply })
  if (replied.statusCode !== 201) throw new Error(replied.body)
  await inject(hub, member.token, 'PUT', `/v1/c/${slug}/posts/${post.id}/me-too`)
  return {
    slug,
    owner,
    member,
    ids: [categoryId, thread.id, post.id, replied.json<{ post: { id: string } }>().post.id, owner.memberId, member.memberId],
    secrets: [title, body, reply, `Keeper of ${slug}`, `Quiet ${slug} reader`, owner.memberId, member.memberId],
  }
}

// Everything a community's tenant holds, as one digest: any write a refused request made would change it.
async function tenantDigest(hub: TestHub, slug: Slug): Promise<string> {
  const { db, schema } = await tenantDatabase(hub, slug)
  const tables = [
    'members',
    'categories',
    'threads',
    'posts',
    'post_edits',
    'reactions',
    'messages',
    'reports',
    'moderation_log',
    'settings',
  ]
  const digests = await Promise.all(
    tables.map(async (table) => {
      const rows = await sql<{
        digest: string | null
      }>`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.table(`${schema}.${table}`)} t`.execute(db)
      return `${table}:${rows.rows[0]?.digest ?? ''}`
    }),
  )
  return digests.join(',')
}

interface Route {
  method: Method
  path: string
}

// The members-only routes of a community, as the OpenAPI document generated from the route schemas lists them.
function communityRoutes(hub: TestHub): Route[] {
  const document = hub.app.swagger() as { paths?: Record<string, Partial<Record<Method, unknown>>> }
  return Object.entries(document.paths ?? {})
    .filter(([path]) => path.startsWith('/v1/c/{slug}/'))
    .flatMap(([path, item]) => methods.filter((method) => item[method] !== undefined).map((method) => ({ method, path })))
}

// A path of `route` in community `slug`, its other parameters taken from `ids` in turn.
function fill(route: Route, slug: Slug, ids: readonly string[]): string {
  let next = 0
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    name === 'slug' ? slug : encodeURIComponent(ids[next++ % ids.length] ?? '1'),
  )
}

// Not `.` or `..`: as a path segment they are resolved away before routing (`/threads/./lock` is `/threads/lock`,
// a route that does not exist), so they never reach a route as an id.
const dotSegment = (value: string): boolean => value === '.' || value === '..'
const id = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 17n }).map(String),
  fc.uuid(),
  fc.string({ maxLength: 40 }).filter((value) => !dotSegment(value)),
)

const payload = fc.oneof(
  fc.constant(undefined),
  fc.record({ body: fc.string({ maxLength: 200 }) }),
  fc.record({ categoryId: fc.constant('1'), title: fc.string({ maxLength: 50 }), body: fc.string({ maxLength: 50 }) }),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })),
)

function assertRevealsNothing(t: Test, body: string, secrets: readonly string[], what: string): boolean {
  const leaked = secrets.filter((secret) => body.includes(secret))
  if (leaked.length > 0) t.fail(`${what} revealed ${leaked.join(', ')}: ${body.slice(0, 300)}`)
  return leaked.length === 0
}

t.test('on every community route, any token but a valid one of that community is 401 or 403 and reveals nothing', async (t) => {
  const hub = await buildTestHub(t, { env: withMemberCache })
  for (const slug of slugs) await provisionTestCommunity(hub, slug)
  const placed = await hub.database.db.selectFrom('hub.communities').select(['slug', 'placement']).orderBy('slug').execute()
  t.same(placed.map((row) => row.placement).sort(), ['default', 'eu-2'], 'the two communities are on two placements')
  const communities = { fop: await seedCommunity(hub, 'fop'), 'ehlers-danlos': await seedCommunity(hub, 'ehlers-danlos') }
  const routes = communityRoutes(hub)
  t.ok(routes.length >= 13, `${routes.length} community routes found in the OpenAPI document`)
  const before = await Promise.all(slugs.map((slug) => tenantDigest(hub, slug)))

  const signingKey = await currentPrivateKey(hub.database, hub.masterKey)
  const attackerKey = generateKeyPairSync('ed25519').privateKey
  const now = Math.floor(Date.now() / 1000)

  // A token that must not open `target`: another community's, the hub's, expired, forged, unsigned, junk.
  const wrongToken = (target: Community, other: Community) => {
    const claims = (overrides: object) => ({
      iss: 'kindred',
      aud: communityAudience(target.slug),
      sub: target.owner.memberId,
      role: 'owner',
      jti: 'j',
      iat: now,
      exp: now + 300,
      ...overrides,
    })
    const header = { alg: 'EdDSA', typ: 'at+jwt', kid: signingKey.kid }
    const [, otherPayload, otherSignature] = other.owner.token.split('.')
    const retargeted = JSON.parse(Buffer.from(otherPayload ?? '', 'base64url').toString()) as object
    return fc.oneof(
      fc.constantFrom(other.owner.token, other.member.token, target.owner.account.accessToken, target.member.account.accessToken),
      fc.constant(undefined),
      fc.integer({ min: 60, max: 86_400 }).map((ago) => forge(header, claims({ iat: now - ago - 300, exp: now - ago }), signingKey.key)),
      fc.constantFrom(...target.ids.slice(-2), ...other.ids.slice(-2)).map((sub) => forge(header, claims({ sub }), attackerKey)),
      fc.constant(forge({ ...header, alg: 'none' }, claims({}))),
      fc.constant(`${forge(header, { ...retargeted, aud: communityAudience(target.slug) }).slice(0, -1)}${otherSignature ?? ''}`),
      fc.constant(forge(header, claims({ aud: hubAudience }), signingKey.key)),
      fc.string({ maxLength: 300 }),
    )
  }

  const attack = fc
    .record({
      target: fc.constantFrom(...slugs),
      route: fc.constantFrom(...routes),
      ids: fc.array(id, { minLength: 1, maxLength: 3 }),
      useRealIds: fc.boolean(),
      payload,
    })
    .chain((request) => {
      const target = communities[request.target]
      const other = communities[request.target === 'fop' ? 'ehlers-danlos' : 'fop']
      return wrongToken(target, other).map((token) => ({ ...request, token, target, other }))
    })

  await fc.assert(
    fc.asyncProperty(attack, async ({ target, other, route, ids, useRealIds, payload, token }) => {
      const url = fill(route, target.slug, useRealIds ? [...target.ids, ...other.ids] : ids)
      const reply = await inject(hub, token, route.method, url, payload)
      if (reply.statusCode !== 401 && reply.statusCode !== 403) {
        t.fail(`${route.method.toUpperCase()} ${url} answered ${reply.statusCode}: ${reply.body.slice(0, 300)}`)
        return false
      }
      return assertRevealsNothing(t, reply.body, [...target.secrets, ...other.secrets], `${route.method.toUpperCase()} ${url}`)
    }),
    { numRuns: 400 },
  )
  const after = await Promise.all(slugs.map((slug) => tenantDigest(hub, slug)))
  t.same(after, before, 'no refused request changed either community')
})

t.test('a member of one community, on any route of their own with any ids, never sees or changes the other', async (t) => {
  const hub = await buildTestHub(t, { env: withMemberCache })
  for (const slug of slugs) await provisionTestCommunity(hub, slug)
  const communities = { fop: await seedCommunity(hub, 'fop'), 'ehlers-danlos': await seedCommunity(hub, 'ehlers-danlos') }
  const routes = communityRoutes(hub)

  const request = fc.record({
    own: fc.constantFrom(...slugs),
    asOwner: fc.boolean(),
    route: fc.constantFrom(...routes),
    ids: fc.array(id, { minLength: 1, maxLength: 3 }),
    useOtherIds: fc.boolean(),
    payload,
  })
  const otherOf = (slug: Slug): Slug => (slug === 'fop' ? 'ehlers-danlos' : 'fop')

  await fc.assert(
    fc.asyncProperty(request, async ({ own, asOwner, route, ids, useOtherIds, payload }) => {
      const self = communities[own]
      const other = communities[otherOf(own)]
      const as = asOwner ? self.owner : self.member
      const url = fill(route, own, useOtherIds ? other.ids : ids)
      // Each community's own members change it as they may; the other one must not move.
      const untouched = await tenantDigest(hub, other.slug)
      const reply = await inject(hub, as.token, route.method, url, payload)
      if (reply.statusCode >= 500) {
        t.fail(`${route.method.toUpperCase()} ${url} answered ${reply.statusCode}: ${reply.body.slice(0, 300)}`)
        return false
      }
      const revealsNothing = assertRevealsNothing(t, reply.body, other.secrets, `${route.method.toUpperCase()} ${url}`)
      return revealsNothing && (await tenantDigest(hub, other.slug)) === untouched
    }),
    { numRuns: 300 },
  )
  // fc.assert throws on the first counterexample; reaching here means every run held.
  t.pass('300 generated requests of members on their own routes: none answered 500, revealed or changed the other community')
})
