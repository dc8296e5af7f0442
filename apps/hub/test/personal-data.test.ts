import { sql } from 'kysely'
import t from 'tap'
import { setAccountLanguage } from '@kindred/identity'
import { eraseAccount, removalNotice } from '@kindred/personal-data'
import type { Placements } from '@kindred/community'
import {
  buildTestHub,
  proposalFields,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  signUp,
  type SignedUp,
  type TestHub,
  hubTasks,
} from '@kindred/testkit'

const bearer = (as: SignedUp) => ({ authorization: `Bearer ${as.accessToken}` })
const pseudonyms = { fop: 'Quokka Quest', 'ehlers-danlos': 'Velvet Zebra' } as const

async function joinBoth(hub: TestHub, as: SignedUp): Promise<void> {
  for (const [slug, pseudonym] of Object.entries(pseudonyms)) {
    const reply = await hub.app.inject({
      method: 'POST',
      url: `/v1/communities/${slug}/join`,
      headers: bearer(as),
      payload: { pseudonym, acceptCharterVersion: 1 },
    })
    if (reply.statusCode !== 201) throw new Error(`join ${slug}: ${reply.body}`)
  }
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const zorblatt = await signUp(hub, 'zorblatt')
  await joinBoth(hub, zorblatt)
  await hub.app.inject({
    method: 'PUT',
    url: '/v1/me/disclosures',
    headers: bearer(zorblatt),
    payload: { disclosures: [{ organisation: 'Acme Pharma', nature: 'consulting', since: '2024-01-01' }] },
  })
  await writeInFop(hub, zorblatt)
  await proposeTwice(hub, zorblatt)
  await setAccountLanguage(hub.database.db, zorblatt.accountId, 'fr')
  return { hub, zorblatt }
}

const threadTitle = 'Diagnosed at last'
const postBodies = ['Zorblatt writes a story only they could tell', 'Zorblatt adds an edited afterthought', 'Zorblatt replies once more']
const reportReason = 'Zorblatt thinks this names a clinic they attend'

// A thread opened in fop, with a reply edited once (so there is edit history), a "me too" and a report.
async function writeInFop(hub: TestHub, as: SignedUp): Promise<void> {
  const switched = await hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(as), payload: { community: 'fop' } })
  const token = { authorization: `Bearer ${switched.json<{ accessToken: string }>().accessToken}` }
  const categories = await hub.app.inject({ method: 'GET', url: '/v1/c/fop/categories', headers: token })
  const categoryId = categories.json<{ categories: Array<{ id: string }> }>().categories[0]?.id
  const opened = await hub.app.inject({
    method: 'POST',
    url: '/v1/c/fop/threads',
    headers: token,
    payload: { categoryId, title: threadTitle, body: postBodies[0] },
  })
  const threadId = opened.json<{ thread: { id: string } }>().thread.id
  const reply = await hub.app.inject({
    method: 'POST',
    url: `/v1/c/fop/threads/${threadId}/replies`,
    headers: token,
    payload: { body: postBodies[1] },
  })
  const postId = reply.json<{ post: { id: string } }>().post.id
  await hub.app.inject({ method: 'PATCH', url: `/v1/c/fop/posts/${postId}`, headers: token, payload: { body: postBodies[2] } })
  const meToo = await hub.app.inject({ method: 'PUT', url: `/v1/c/fop/posts/${postId}/me-too`, headers: token })
  if (meToo.statusCode !== 200) throw new Error(`writing in fop: ${meToo.body}`)
  const openingPostId = opened.json<{ post: { id: string } }>().post.id
  const report = await hub.app.inject({
    method: 'POST',
    url: `/v1/c/fop/posts/${openingPostId}/reports`,
    headers: token,
    payload: { reason: reportReason },
  })
  if (report.statusCode !== 201) throw new Error(`reporting in fop: ${report.body}`)
}

const founderStatement = 'Zorblatt longs for others who know this disease'
const withdrawalReason = 'Zorblatt withdraws after a hard week'

// Two proposals of Zorblatt's: one still open, one withdrawn with a reason of their own.
async function proposeTwice(hub: TestHub, as: SignedUp): Promise<void> {
  for (const [slug, orphaCode] of [
    ['alstrom', 'ORPHA:64'],
    ['wolfram', 'ORPHA:3463'],
  ] as const) {
    const fields = proposalFields({ slug, orphaCode, diseaseName: `${slug} syndrome`, founderStatement })
    const proposed = await hub.app.inject({ method: 'POST', url: '/v1/proposals', headers: bearer(as), payload: fields })
    if (proposed.statusCode !== 201) throw new Error(`proposing ${slug}: ${proposed.body}`)
    if (slug === 'wolfram') {
      const id = proposed.json<{ proposal: { id: string } }>().proposal.id
      const withdrawn = await hub.app.inject({
        method: 'POST',
        url: `/v1/proposals/${id}/withdraw`,
        headers: bearer(as),
        payload: { reason: withdrawalReason },
      })
      if (withdrawn.statusCode !== 200) throw new Error(`withdrawing: ${withdrawn.body}`)
    }
  }
}

// Every value stored in every schema of every database the network uses, as text: where personal data could remain.
async function everything(hub: TestHub): Promise<string> {
  let text = ''
  // Every placement's database: the hub's own (`default`) and the second cluster's tenants.
  for (const name of hub.placements.names) {
    const db = hub.placements.database(name)
    const tables = await sql<{ schema: string; name: string }>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`.execute(db)
    for (const table of tables.rows) {
      const rows = await sql<{ row: unknown }>`select row_to_json(t) as row from ${sql.table(`${table.schema}.${table.name}`)} t`.execute(
        db,
      )
      text += JSON.stringify(rows.rows)
    }
  }
  return text
}

t.test('the export holds the account, its interface language, its disclosures and its member rows from two communities', async (t) => {
  const { hub, zorblatt } = await setUp(t)
  const reply = await hub.app.inject({ method: 'GET', url: '/v1/me/export', headers: bearer(zorblatt) })
  t.equal(reply.statusCode, 200)
  t.match(reply.headers['content-disposition'], /attachment/)
  const document = reply.json<{
    account: unknown
    language: string | null
    disclosures: unknown
    communities: Array<{ community: { slug: string }; member: { pseudonym: string } }>
  }>()
  t.match(document.account, { id: zorblatt.accountId, email: 'zorblatt@example.org', displayName: 'zorblatt' })
  t.equal(document.language, 'fr', 'the interface language the member chose')
  t.match(document.disclosures, [{ organisation: 'Acme Pharma', nature: 'consulting' }])
  t.same(
    document.communities.map((entry) => [entry.community.slug, entry.member.pseudonym]),
    [
      ['fop', 'Quokka Quest'],
      ['ehlers-danlos', 'Velvet Zebra'],
    ],
  )
  t.match(document, { sessions: [{ issuedAt: String }] })
  t.match(document, {
    communities: [
      {
        forum: {
          threads: [{ title: threadTitle }],
          posts: [{ body_markdown: postBodies[0] }, { body_markdown: postBodies[2] }],
          postEdits: [{ previousMarkdown: postBodies[1] }],
          meToo: [{ postId: String }],
        },
        reports: [{ reason: reportReason }],
      },
      { forum: { posts: [] }, reports: [] },
    ],
  })
  t.notOk(reply.body.includes(zorblatt.refreshToken), 'no session secret in the export')
})

t.test("another account's export holds nothing of this one", async (t) => {
  const { hub } = await setUp(t)
  const other = await signUp(hub, 'other')
  const reply = await hub.app.inject({ method: 'GET', url: '/v1/me/export', headers: bearer(other) })
  for (const needle of ['zorblatt', ...Object.values(pseudonyms), 'Acme Pharma']) t.notOk(reply.body.includes(needle), needle)
  t.equal(reply.json<{ language: string | null }>().language, null, 'a language never chosen is null, not the other account’s')
})

t.test('erasure: sessions end at once, and after the job no schema holds the email, display name or pseudonyms', async (t) => {
  const { hub, zorblatt } = await setUp(t)
  const before = await everything(hub)
  t.ok(before.includes('Quokka Quest'), 'the scan sees tenant data before')
  for (const body of postBodies) t.ok(before.includes(body), 'the scan sees post bodies and edit history before')
  t.ok(before.includes(reportReason), 'the scan sees report reasons before')
  for (const needle of [threadTitle, founderStatement, withdrawalReason]) t.ok(before.includes(needle), `the scan sees "${needle}" before`)

  const wrong = await hub.app.inject({
    method: 'DELETE',
    url: '/v1/me',
    headers: bearer(zorblatt),
    payload: { password: 'not my password' },
  })
  t.equal(wrong.statusCode, 401)
  t.equal(
    (await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(zorblatt) })).statusCode,
    200,
    'a wrong password changes nothing',
  )

  const accepted = await hub.app.inject({
    method: 'DELETE',
    url: '/v1/me',
    headers: bearer(zorblatt),
    payload: { password: 'a long enough password' },
  })
  t.equal(accepted.statusCode, 202)
  t.equal((await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(zorblatt) })).statusCode, 401, 'the session ended at once')
  const login = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: 'zorblatt@example.org', password: 'a long enough password' },
  })
  t.equal(login.statusCode, 401, 'an account being erased cannot sign in')
  const [erasure] = (await queuedJobs(hub.database.pool)).filter((job) => job.task === 'account__erase')
  t.match(erasure?.key, /^account__erase:[0-9a-f]{32}$/, 'the job is queued under an opaque key')
  t.notOk(erasure?.key?.includes(zorblatt.accountId), 'which does not name the account')

  await runDueJobs(hub.database.pool, hubTasks(hub))
  const remaining = await everything(hub)
  for (const needle of ['zorblatt@example.org', '"zorblatt"', 'Quokka Quest', 'Velvet Zebra', 'Acme Pharma', 'Zorblatt', reportReason]) {
    t.notOk(remaining.includes(needle), `${needle} is gone`)
  }
  t.notOk(remaining.includes(threadTitle), 'the thread title they wrote is gone')
  t.ok(remaining.includes(removalNotice), 'the thread and posts stay, with the removal notice for a title and a body')
  for (const needle of [founderStatement, withdrawalReason]) t.notOk(remaining.includes(needle), `the founder's "${needle}" is gone`)
  t.equal(await hub.database.db.selectFrom('hub.accounts').select('id').where('id', '=', zorblatt.accountId).executeTakeFirst(), undefined)
  const logged = hub.logs.text()
  for (const needle of [
    'zorblatt@example.org',
    'Quokka Quest',
    'Velvet Zebra',
    zorblatt.accountId,
    threadTitle,
    ...postBodies,
    reportReason,
    founderStatement,
  ]) {
    t.notOk(logged.includes(needle), `the logs never held ${needle}`)
  }
})

t.test('an interrupted erasure finishes when run again, and running it once more changes nothing', async (t) => {
  const { hub, zorblatt } = await setUp(t)
  await hub.database.db.updateTable('hub.accounts').set({ erasure_requested_at: new Date() }).where('id', '=', zorblatt.accountId).execute()
  let reached = 0
  // A placement that fails on the second community: the job dies halfway through. The job visits each
  // community twice, handing on what the account owned in each, then anonymising it in each.
  const failing: Placements = {
    ...hub.placements,
    tenantDb: (location) => {
      reached += 1
      if (reached === 4) throw new Error('placement unreachable')
      return hub.placements.tenantDb(location)
    },
  }
  await t.rejects(eraseAccount({ hub: hub.database.db, placements: failing }, zorblatt.accountId))
  const halfway = await everything(hub)
  t.notOk(halfway.includes('Quokka Quest'), 'the first community was anonymised')
  t.ok(halfway.includes('Velvet Zebra'), 'the second was not reached')

  await eraseAccount({ hub: hub.database.db, placements: hub.placements }, zorblatt.accountId)
  await eraseAccount({ hub: hub.database.db, placements: hub.placements }, zorblatt.accountId)
  const after = await everything(hub)
  for (const needle of ['zorblatt@example.org', 'Quokka Quest', 'Velvet Zebra']) t.notOk(after.includes(needle), needle)
})

t.test('erasure refuses an account that did not ask for it', async (t) => {
  const { hub, zorblatt } = await setUp(t)
  await t.rejects(eraseAccount({ hub: hub.database.db, placements: hub.placements }, zorblatt.accountId), /did not ask/)
  t.ok(await hub.database.db.selectFrom('hub.accounts').select('id').where('id', '=', zorblatt.accountId).executeTakeFirst())
})
