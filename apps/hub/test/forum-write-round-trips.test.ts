import t from 'tap'
import { setTimeout } from 'node:timers/promises'
import pg from 'pg'
import { grantRole } from '@kindred/identity'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  queuedJobs,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '@kindred/testkit'

// Every statement any pg client of this process sends (hub pool, placement pools, LISTEN connections): each
// call of Client#query is one round trip to PostgreSQL, BEGIN and COMMIT included.
const sent: string[] = []
const query: (this: pg.Client, ...args: unknown[]) => unknown = Reflect.get(pg.Client.prototype, 'query')
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [first] = args
  sent.push(typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?'))
  return query.apply(this, args)
} as typeof pg.Client.prototype.query

// What each statement is for; any other statement is named by its own text, so a failure shows it.
const kinds: Array<[kind: string, pattern: RegExp]> = [
  ['member row', /^select .* from "tenant_\d+"\."members" where "member_id" = \$1$/s],
  ['hub rate limit', /^insert into "hub"\."rate_limits" /],
  ['thread with its opening post', /^with .*insert into "tenant_\d+"\."threads" .*insert into "tenant_\d+"\."posts" /s],
  ['reply with its thread bumped', /^with .*"bumped" as \(update "tenant_\d+"\."threads" .*insert into "tenant_\d+"\."posts" /s],
  ['notification fan-out queued', /^select graphile_worker\.add_job\(/],
]
const kindOf = (statement: string): string => kinds.find(([, pattern]) => pattern.test(statement))?.[0] ?? statement

// The statements a request sent, once the caches hold what a member's repeated requests read (as in
// production: the same member writing again). Three warm-up requests: a notified cache keeps a value only
// from the second read after its LISTEN is in place.
async function roundTrips(send: () => Promise<{ statusCode: number; body: string }>): Promise<string[]> {
  for (let warmUp = 0; warmUp < 3; warmUp++) await send()
  sent.length = 0
  const reply = await send()
  if (reply.statusCode !== 201) throw new Error(reply.body)
  return sent.splice(0).map(kindOf)
}

async function setUp(t: Parameters<typeof buildTestHub>[0], env: Record<string, string> = withoutLoadShedding) {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  return { hub, ada, categoryId: categories[0]?.id ?? '' }
}

const readThread = async (hub: TestHub, as: CommunityMember, id: string) =>
  (await callAs(hub, as, 'GET', `/v1/c/fop/threads/${id}`)).json<{ thread: unknown; posts: unknown[] }>()

// Before issue 14 a new thread took 12 round trips and a reply 10: the member row read afresh, the rate
// limits (two statements for a new thread's two budgets, one now), a charter read (with its text), a
// category check, BEGIN, two writes, COMMIT, reads of the post and thread written, and a hub query for the
// author's marks. The write's own statement now checks the member's row, taken from the cache before it,
// and spends the member's posts and threads budgets in the tenant (no statement to the hub's counters).
// Since issue 16 a hub also queues the community's notification fan-out, once for all the posts it
// received within NOTIFICATION_FAN_OUT_DELAY_MS, after answering (here, when it closes).
t.test('a new thread and a reply each cost one statement in all, in the tenant (the member and their budgets in it)', async (t) => {
  const { hub, ada, categoryId } = await setUp(t, { ...withoutLoadShedding, CACHE_TTL_MS: '60000', NOTIFICATION_FAN_OUT_DELAY_MS: '60000' })
  let titles = 0
  const thread = await roundTrips(() =>
    callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: `Thread ${++titles}`, body: 'Hello' }),
  )
  // Both budgets a new thread spends (threads and posts) are counted in its own statement.
  t.same(thread, ['thread with its opening post'])
  const threadId =
    (await callAs(hub, ada, 'GET', '/v1/c/fop/threads?limit=1')).json<{ threads: Array<{ id: string }> }>().threads[0]?.id ?? ''
  const reply = await roundTrips(() => callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Same here' }))
  t.same(reply, ['reply with its thread bumped'])
  sent.length = 0
  await hub.app.close()
  t.same(sent.map(kindOf), ['notification fan-out queued'], 'eight posts, one fan-out queued')
})

t.test('without a delay, each post queues the fan-out before its answer', async (t) => {
  const { hub, ada, categoryId } = await setUp(t, { ...withoutLoadShedding, CACHE_TTL_MS: '60000', NOTIFICATION_FAN_OUT_DELAY_MS: '0' })
  let titles = 0
  const thread = await roundTrips(() =>
    callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: `Thread ${++titles}`, body: 'Hello' }),
  )
  t.same(thread, ['thread with its opening post', 'notification fan-out queued'])
})

t.test('with a delay, the fan-out is queued once the delay has passed', async (t) => {
  const { hub, ada, categoryId } = await setUp(t, { ...withoutLoadShedding, NOTIFICATION_FAN_OUT_DELAY_MS: '100' })
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Hello', body: 'Hello' })
  t.equal(opened.statusCode, 201)
  const fanOuts = async () => (await queuedJobs(hub.database.pool)).filter((job) => job.task === 'notifications__fan_out')
  t.same(await fanOuts(), [], 'not queued by the answer')
  for (let waited = 0; (await fanOuts()).length === 0 && waited < 10_000; waited += 50) await setTimeout(50)
  t.match(await fanOuts(), [{ payload: { communityId: /^\d+$/ } }])
})

t.test('what a new thread and a reply answer, made without reading them back, is what reading the thread shows', async (t) => {
  const { hub, ada, categoryId } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'health_professional' })
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Hello from Lyon', body: 'I am **new** here' })
  t.equal(opened.statusCode, 201)
  const { thread, post } = opened.json<{ thread: { id: string }; post: unknown }>()
  t.match(post, { author: { pseudonym: 'Bone Builder', healthProfessional: true } })
  t.same(await readThread(hub, ada, thread.id), { thread, posts: [post], next: null, firstUnreadPostId: null })
  const replied = await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Same _here_' })
  t.equal(replied.statusCode, 201)
  t.same((await readThread(hub, ada, thread.id)).posts[1], replied.json<{ post: unknown }>().post)
})
