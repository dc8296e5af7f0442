import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  signUp,
  withoutLoadShedding,
  type TestHub,
  hubTasks,
} from '@kindred/testkit'

const runJobs = (hub: TestHub) => runDueJobs(hub.database.pool, hubTasks(hub))

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const staff = await signUp(hub, 'steward', { staff: true })
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const post = (as: typeof ada) =>
    callAs(hub, as, 'POST', '/v1/c/fop/threads', { categoryId: categories[0]?.id, title: 'Hello', body: 'Hi all' })
  const publish = () =>
    hub.app.inject({
      method: 'PUT',
      url: '/v1/admin/charter',
      headers: { authorization: `Bearer ${staff.accessToken}` },
      payload: { text: 'Charter, second edition' },
    })
  return { hub, ada, post, publish }
}

t.test('a published charter reaches every community through a job queued with it; members accept it before posting again', async (t) => {
  const { hub, ada, post, publish } = await setUp(t)
  t.equal((await post(ada)).statusCode, 201)
  t.equal((await publish()).statusCode, 200)
  const charterJobs = (await queuedJobs(hub.database.pool)).filter((job) => job.task === 'charter__distribute')
  t.match(charterJobs, [{ task: 'charter__distribute', payload: { version: 2 } }], 'queued with the publication')

  await runJobs(hub)
  for (const slug of ['fop', 'ehlers-danlos']) {
    t.match((await hub.app.inject({ method: 'GET', url: `/v1/c/${slug}` })).json(), { charter: { version: 2 } }, `${slug} has version 2`)
  }
  const refused = await post(ada)
  t.equal(refused.statusCode, 403)
  t.equal(refused.json<{ code: string }>().code, 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED')
  t.equal((await callAs(hub, ada, 'POST', '/v1/c/fop/charter/accept', { version: 2 })).statusCode, 200)
  t.equal((await post(ada)).statusCode, 201)
})

t.test('a member joining before the job has run accepts the new version and can post at once', async (t) => {
  const { hub, post, publish } = await setUp(t)
  await publish()
  const account = await signUp(hub, 'newcomer')
  const joined = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    headers: { authorization: `Bearer ${account.accessToken}` },
    payload: { pseudonym: 'Newcomer', acceptCharterVersion: 2 },
  })
  t.equal(joined.statusCode, 201)
  const switched = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/switch',
    headers: { authorization: `Bearer ${account.accessToken}` },
    payload: { community: 'fop' },
  })
  const newcomer = {
    account,
    memberId: joined.json<{ member: { memberId: string } }>().member.memberId,
    token: switched.json<{ accessToken: string }>().accessToken,
  }
  t.equal((await post(newcomer)).statusCode, 201)
  await runJobs(hub)
  t.equal((await post(newcomer)).statusCode, 201, 'the job finding the version already there changes nothing')
})
