import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createProposal, supportProposal } from '@kindred/incubator'
import { buildTestHub, type TestHub } from '@kindred/testkit'

interface Page {
  proposals: Array<{ slug: string; status: string; progress: { supporters: number; moderators: number; thresholds: object } }>
  next: string | null
  nextCursor: string | null
}

const list = (hub: TestHub, query: string) => hub.app.inject({ method: 'GET', url: `/v1/proposals?${query}` })

async function account(hub: TestHub, name: string): Promise<string> {
  // Confirmed: proposing and supporting wait for a confirmed address.
  const row = { id: randomUUID(), email: `${name}@example.org`, display_name: name, password_hash: 'unused', email_verified_at: new Date() }
  await hub.database.db.insertInto('hub.accounts').values(row).execute()
  return row.id
}

// Five proposals with 0 to 4 supporters, created one after the other (newest: the most supported).
async function seed(hub: TestHub): Promise<string[]> {
  const founder = await account(hub, 'founder')
  const slugs: string[] = []
  for (let index = 0; index < 5; index += 1) {
    const slug = `disease-${index}`
    const { proposal } = await createProposal(hub.database.db, hub.config.incubator, founder, {
      diseaseName: `Rare disease ${index}`,
      slug,
      summary: 'Summary',
      languages: ['en'],
      founderStatement: 'Statement',
    })
    for (let supporter = 0; supporter < index; supporter += 1) {
      await supportProposal(hub.database.db, hub.config.incubator, {
        proposalId: proposal.id,
        accountId: await account(hub, `s${index}-${supporter}`),
        as: 'member',
      })
    }
    slugs.push(slug)
  }
  return slugs
}

async function everyPage(hub: TestHub, query: string): Promise<string[]> {
  const slugs: string[] = []
  let cursor: string | null = null
  do {
    const reply = await list(hub, `${query}${cursor === null ? '' : `&cursor=${cursor}`}`)
    if (reply.statusCode !== 200) throw new Error(reply.body)
    const page = reply.json<Page>()
    slugs.push(...page.proposals.map((proposal) => proposal.slug))
    cursor = page.next
  } while (cursor !== null && slugs.length < 100)
  return slugs
}

t.test('the queue is public, sorted by support by default, with each proposal’s progress', async (t) => {
  const hub = await buildTestHub(t)
  await seed(hub)
  const reply = await list(hub, '')
  t.equal(reply.statusCode, 200)
  const page = reply.json<Page>()
  t.same(
    page.proposals.map((proposal) => proposal.slug),
    ['disease-4', 'disease-3', 'disease-2', 'disease-1', 'disease-0'],
  )
  t.same(page.proposals[0]?.progress, { supporters: 4, moderators: 0, thresholds: { supporters: 10, moderators: 2 } })
  t.equal(page.next, null)
  t.notMatch(reply.body, /example\.org|founder_?id|accountId/i, 'no founder nor supporter is named')
})

t.test('both sorts page through every proposal once with an opaque cursor', async (t) => {
  const hub = await buildTestHub(t)
  const slugs = await seed(hub)
  // Newest first is the reverse of creation; by support the same here, since later ones have more supporters.
  t.same(await everyPage(hub, 'sort=newest&limit=2'), [...slugs].reverse())
  t.same(await everyPage(hub, 'sort=support&limit=2'), [...slugs].reverse())
  t.same(await everyPage(hub, 'sort=support&limit=1'), [...slugs].reverse())
  const first = (await list(hub, 'sort=newest&limit=2')).json<Page>()
  t.match(first.next, /^[A-Za-z0-9_-]+$/, 'base64url')
})

t.test('a status filter shows proposals in that status only', async (t) => {
  const hub = await buildTestHub(t)
  await seed(hub)
  await hub.database.db.updateTable('hub.proposals').set({ status: 'declined' }).where('slug', '=', 'disease-2').execute()
  t.same(await everyPage(hub, 'status=declined'), ['disease-2'])
  t.notOk((await everyPage(hub, 'sort=newest')).includes('disease-2'), 'declined proposals leave the default queue')
})

t.test('the answer still carries nextCursor, deprecated, equal to next', async (t) => {
  const hub = await buildTestHub(t)
  await seed(hub)
  const first = await list(hub, 'limit=2')
  const page = first.json<Page>()
  t.type(page.next, 'string')
  t.equal(page.nextCursor, page.next)
  t.equal(first.headers.deprecation, undefined, 'a client that reads next uses nothing deprecated')
  const last = (await list(hub, 'limit=5')).json<Page>()
  t.equal(last.next, null)
  t.equal(last.nextCursor, null)
})

t.test('a tampered cursor, a cursor for another listing and bad parameters are 400 naming what is wrong', async (t) => {
  const hub = await buildTestHub(t)
  await seed(hub)
  const { next: nextCursor } = (await list(hub, 'sort=newest&limit=2')).json<Page>()
  if (nextCursor === null) throw new Error('expected more pages')
  // base64url of a JSON array: the listing's name, created_at in µs, the id.
  const [listing, , id] = JSON.parse(Buffer.from(nextCursor, 'base64url').toString()) as string[]
  const tampered = Buffer.from(JSON.stringify([listing, 'yesterday', id])).toString('base64url')
  // A cursor the schema lets through but no listing gave out is refused as every list refuses one.
  const cases: Array<[string, string, RegExp]> = [
    [`sort=newest&cursor=${tampered}`, 'KINDRED_BAD_REQUEST', /^cursor /],
    [`sort=newest&cursor=${nextCursor.slice(3)}`, 'KINDRED_BAD_REQUEST', /^cursor /],
    [`sort=support&cursor=${nextCursor}`, 'KINDRED_BAD_REQUEST', /^cursor /],
    [`sort=newest&cursor=not%2Bbase64url`, 'KINDRED_VALIDATION_FAILED', /^querystring\/cursor /],
    ['limit=0', 'KINDRED_VALIDATION_FAILED', /^querystring\/limit /],
    ['limit=101', 'KINDRED_VALIDATION_FAILED', /^querystring\/limit /],
    ['limit=ten', 'KINDRED_VALIDATION_FAILED', /^querystring\/limit /],
    ['sort=popular', 'KINDRED_VALIDATION_FAILED', /^querystring\/sort /],
    ['status=pending', 'KINDRED_VALIDATION_FAILED', /^querystring\/status /],
    ['page=2', 'KINDRED_VALIDATION_FAILED', /^querystring\/page is not allowed/],
  ]
  for (const [query, code, message] of cases) {
    const reply = await list(hub, query)
    t.equal(reply.statusCode, 400, query)
    t.match(reply.json(), { code, message }, query)
  }
})
