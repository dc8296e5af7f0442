import t from 'tap'
import { buildTestHub, provisionTestCommunity } from '@kindred/testkit'
import { createCommunityCache } from '../src/plugins/community-cache.ts'

t.test('the community cache answers from memory for its time to live, then reads the hub again', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  let now = 0
  const cache = createCommunityCache(hub.database.db, 5_000, () => now)
  t.match(await cache.find('fop'), { slug: 'fop', status: 'live', placement: 'eu-2', schemaName: /^tenant_/ })
  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'fop').execute()
  now = 4_999
  t.match(await cache.find('fop'), { status: 'live' }, 'still cached')
  now = 5_000
  t.match(await cache.find('fop'), { status: 'archived' }, 'read again once expired')
  await hub.database.db.updateTable('hub.communities').set({ status: 'live' }).where('slug', '=', 'fop').execute()
  cache.forget('fop')
  t.match(await cache.find('fop'), { status: 'live' }, 'read again once forgotten')
})

t.test('a community not open to members is not found, and not cached', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const cache = createCommunityCache(hub.database.db, 5_000)
  t.equal(await cache.find('no-such-place'), undefined)
  await hub.database.db.updateTable('hub.communities').set({ status: 'provisioning_failed' }).where('slug', '=', 'fop').execute()
  t.equal(await cache.find('fop'), undefined)
  await hub.database.db.updateTable('hub.communities').set({ status: 'live' }).where('slug', '=', 'fop').execute()
  t.match(await cache.find('fop'), { status: 'live' })
})
