import { setTimeout } from 'node:timers/promises'
import t from 'tap'
import { buildTestHub, freePort, provisionTestCommunity, siteMember, type SiteVisitor } from '@kindred/testkit'

// A page whose community's database cannot be reached, as while its placement fails over.
async function statusWithin(visitor: SiteVisitor, url: string, expected: number, ms: number) {
  const deadline = Date.now() + ms
  let page = await visitor.get(url)
  while (page.statusCode !== expected && Date.now() < deadline) {
    await setTimeout(50)
    page = await visitor.get(url)
  }
  return page
}

t.test('a page whose database is out of reach says to try again shortly (503, Retry-After), logged as a warning', async (t) => {
  // eu-2 points where nothing listens, as a placement does while its primary is down.
  const hub = await buildTestHub(t, { env: { KINDRED_PLACEMENTS: `eu-2=postgres://kindred:pw@127.0.0.1:${await freePort()}/kindred` } })
  await provisionTestCommunity(hub, 'fop', { placement: 'default' })
  const ada = await siteMember(hub, 'ada')
  t.equal((await ada.get('/c/fop')).statusCode, 200)

  await hub.database.db.updateTable('hub.communities').set({ placement: 'eu-2' }).where('slug', '=', 'fop').execute()
  const page = await statusWithin(ada, '/c/fop', 503, 5000)
  t.equal(page.statusCode, 503, 'once the hub routes the community to the placement that is down')
  t.equal(page.headers['retry-after'], '5')
  t.match(page.body, /<h1>Sorry, something went wrong<\/h1>/)
  t.match(page.body, /Please try again in a few minutes/)
  const logged = hub.logs.lines().filter((line) => line.msg === 'page deferred')
  t.ok(logged.length > 0 && logged.every((line) => line.level === 40), 'a warning')
  t.notOk(
    hub.logs.lines().some((line) => Number(line.level) >= 50),
    'nothing logged as an error',
  )
})
