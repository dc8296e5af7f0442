import { sql } from 'kysely'
import t from 'tap'
import { defaultPlacement } from '@kindred/config'
import { accountChangesChannel } from '@kindred/db'
import { buildTestHub, provisionTestCommunity, type TestHub } from '@kindred/testkit'
import { createCommunityCache } from '../src/plugins/community-cache.ts'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function cacheOf(t: Parameters<typeof buildTestHub>[0], hub: TestHub, ttlMs = 60_000) {
  const cache = createCommunityCache({
    hub: hub.database.db,
    listen: (handlers) => hub.placements.listen(defaultPlacement, accountChangesChannel, handlers),
    ttlMs,
    maxEntries: 100,
  })
  t.teardown(() => cache.close())
  return cache
}

const setStatus = (hub: TestHub, status: 'live' | 'archived' | 'provisioning_failed') =>
  hub.database.db.updateTable('hub.communities').set({ status }).where('slug', '=', 'fop').execute()

t.test('the community cache answers from memory until a community changes, which every hub hears', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const cache = cacheOf(t, hub)
  await cache.find('fop')
  await pause(300)
  t.match(await cache.find('fop'), { slug: 'fop', status: 'live', placement: 'eu-2', schemaName: /^tenant_/ })

  await sql`alter table hub.communities disable trigger user`.execute(hub.database.db)
  await setStatus(hub, 'archived')
  await sql`alter table hub.communities enable trigger user`.execute(hub.database.db)
  t.match(await cache.find('fop'), { status: 'live' }, 'a change nobody was told of is not seen')
  cache.forget('fop')
  t.match(await cache.find('fop'), { status: 'archived' }, 'read again once forgotten')

  await pause(300)
  await cache.find('fop')
  await setStatus(hub, 'live')
  const deadline = Date.now() + 2000
  while ((await cache.find('fop'))?.status !== 'live' && Date.now() < deadline) await pause(20)
  t.match(await cache.find('fop'), { status: 'live' }, 'a change made elsewhere is heard through the trigger')
})

t.test('a community not open to members is not found, and not cached', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const cache = cacheOf(t, hub, 0)
  t.equal(await cache.find('no-such-place'), undefined)
  await setStatus(hub, 'provisioning_failed')
  t.equal(await cache.find('fop'), undefined)
  await setStatus(hub, 'live')
  t.match(await cache.find('fop'), { status: 'live' })
})
