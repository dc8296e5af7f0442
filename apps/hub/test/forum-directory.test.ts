import t from 'tap'
import { grantRole } from '@kindred/identity'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  setMember,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '@kindred/testkit'

interface Entry {
  memberId: string
  pseudonym: string
  role: string
  industry: boolean
  healthProfessional: boolean
  disclosures: Array<{ organisation: string }>
  joinedAt: string
  listed?: boolean
  profileVisibility?: string
}

async function choosePrivacy(hub: TestHub, member: CommunityMember, privacy: object): Promise<void> {
  const reply = await hub.app.inject({
    method: 'PATCH',
    url: '/v1/communities/fop/membership/privacy',
    headers: { authorization: `Bearer ${member.account.accessToken}` },
    payload: privacy,
  })
  if (reply.statusCode !== 200) throw new Error(reply.body)
}

// fop's members: Ada (listed), Bo (not listed), Cy (profile for moderators only), Mo (a moderator), and
// Pat (pending), Ben (banned) and Lee (left), who are in nobody's directory. Zed is in ehlers-danlos.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Ada Lovelace' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Bo Diddley' })
  const cy = await communityMember(hub, 'fop', 'cy', { pseudonym: 'Cy Twombly' })
  const mo = await communityMember(hub, 'fop', 'moderator', { pseudonym: 'Mo Farah', role: 'moderator' })
  const gone = await Promise.all(
    ['pat', 'benjamin', 'leeroy'].map((name) => communityMember(hub, 'fop', name, { pseudonym: `${name} gone` })),
  )
  const zed = await communityMember(hub, 'ehlers-danlos', 'zed', { pseudonym: 'Zed Zebra' })
  await choosePrivacy(hub, bo, { listedInDirectory: false })
  await choosePrivacy(hub, cy, { profileVisibility: 'moderators' })
  const [pat, ben, lee] = gone
  await setMember(hub, 'fop', pat?.memberId ?? '', { approval: 'pending' })
  await setMember(hub, 'fop', ben?.memberId ?? '', { banned: true })
  await setMember(hub, 'fop', lee?.memberId ?? '', { left: true })
  return { hub, ada, bo, cy, mo, zed, gone }
}

const pseudonyms = (reply: { body: string }) => (JSON.parse(reply.body) as { members: Entry[] }).members.map((member) => member.pseudonym)

t.test('members see those who are listed and show their profile to members, by pseudonym, and themselves', async (t) => {
  const { hub, ada, bo } = await setUp(t)
  const seenByAda = await callAs(hub, ada, 'GET', '/v1/c/fop/members')
  t.equal(seenByAda.statusCode, 200)
  t.same(pseudonyms(seenByAda), ['Ada Lovelace', 'Mo Farah'])
  t.same(
    pseudonyms(await callAs(hub, bo, 'GET', '/v1/c/fop/members')),
    ['Ada Lovelace', 'Bo Diddley', 'Mo Farah'],
    'Bo, unlisted, sees himself',
  )
  const self = seenByAda.json<{ members: Entry[] }>().members[0]
  t.match(self, { pseudonym: 'Ada Lovelace', role: 'member', listed: true, profileVisibility: 'members' }, "one's own privacy choices")
  t.notOk('listed' in (seenByAda.json<{ members: Entry[] }>().members[1] ?? {}), "never another member's")
  for (const secret of ['Cy Twombly', 'pat gone', 'benjamin gone', 'leeroy gone', 'Zed Zebra'])
    t.notOk(seenByAda.body.includes(secret), secret)
})

t.test('moderators see every current member, listed or not, and whether they are', async (t) => {
  const { hub, mo } = await setUp(t)
  const reply = await callAs(hub, mo, 'GET', '/v1/c/fop/members')
  const members = reply.json<{ members: Entry[] }>().members
  t.same(
    members.map((member) => member.pseudonym),
    ['Ada Lovelace', 'Bo Diddley', 'Cy Twombly', 'Mo Farah'],
    'founders who have not joined yet are not in it',
  )
  t.match(
    members.find((member) => member.pseudonym === 'Bo Diddley'),
    { listed: false, profileVisibility: 'members' },
  )
  t.match(
    members.find((member) => member.pseudonym === 'Cy Twombly'),
    { listed: true, profileVisibility: 'moderators' },
  )
  for (const gone of ['pat gone', 'benjamin gone', 'leeroy gone']) t.notOk(reply.body.includes(gone), gone)
})

t.test('a profile shown to moderators only is 404 to members, exactly like nobody; moderators and its member see it', async (t) => {
  const { hub, ada, bo, cy, mo, gone } = await setUp(t)
  const hidden = await callAs(hub, ada, 'GET', `/v1/c/fop/members/${cy.memberId}`)
  const nobody = await callAs(hub, ada, 'GET', '/v1/c/fop/members/00000000-0000-4000-8000-000000000000')
  t.equal(hidden.statusCode, 404)
  t.same(hidden.json(), nobody.json(), 'the same answer as for an id nobody has')
  t.equal((await callAs(hub, mo, 'GET', `/v1/c/fop/members/${cy.memberId}`)).statusCode, 200)
  t.match((await callAs(hub, cy, 'GET', `/v1/c/fop/members/${cy.memberId}`)).json(), {
    member: { pseudonym: 'Cy Twombly', profileVisibility: 'moderators' },
  })
  t.match(
    (await callAs(hub, ada, 'GET', `/v1/c/fop/members/${bo.memberId}`)).json(),
    { member: { pseudonym: 'Bo Diddley' } },
    'not listed, but a profile members may see',
  )
  for (const member of gone)
    t.equal((await callAs(hub, mo, 'GET', `/v1/c/fop/members/${member.memberId}`)).statusCode, 404, 'pending, banned or left')
})

t.test('each member carries their role badge and their marks from the hub', async (t) => {
  const { hub, ada, mo } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'health_professional' })
  await hub.app.inject({
    method: 'PUT',
    url: '/v1/me/disclosures',
    headers: { authorization: `Bearer ${mo.account.accessToken}` },
    payload: { disclosures: [{ organisation: 'Acme Pharma', nature: 'consulting', since: null }] },
  })
  const members = (await callAs(hub, ada, 'GET', '/v1/c/fop/members')).json<{ members: Entry[] }>().members
  t.match(members, [
    { pseudonym: 'Ada Lovelace', role: 'member', healthProfessional: true, industry: false, disclosures: [] },
    {
      pseudonym: 'Mo Farah',
      role: 'moderator',
      healthProfessional: false,
      industry: false,
      disclosures: [{ organisation: 'Acme Pharma' }],
    },
  ])
  t.ok(members.every((member) => !Number.isNaN(Date.parse(member.joinedAt))))
})

t.test('the directory filters by the start of a pseudonym and comes a page at a time', async (t) => {
  const { hub, ada, mo } = await setUp(t)
  t.same(pseudonyms(await callAs(hub, ada, 'GET', '/v1/c/fop/members?q=mo')), ['Mo Farah'])
  t.same(pseudonyms(await callAs(hub, ada, 'GET', '/v1/c/fop/members?q=ADA%20L')), ['Ada Lovelace'])
  t.same(pseudonyms(await callAs(hub, ada, 'GET', '/v1/c/fop/members?q=%25')), [], 'no wildcard')
  const names: string[] = []
  let url = '/v1/c/fop/members?limit=2'
  for (let pages = 0; pages < 5; pages += 1) {
    const page = (await callAs(hub, mo, 'GET', url)).json<{ members: Entry[]; next: string | null }>()
    names.push(...page.members.map((member) => member.pseudonym))
    if (page.next === null) break
    url = `/v1/c/fop/members?limit=2&cursor=${page.next}`
  }
  t.same(
    names,
    [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    'by pseudonym',
  )
  t.equal(new Set(names).size, names.length, 'none twice')
  t.ok(names.includes('Cy Twombly') && names.includes('Bo Diddley'))
  for (const query of ['cursor=%2B%2B', 'cursor=AAAA', 'q=a%00', 'q=%20'])
    t.equal((await callAs(hub, ada, 'GET', `/v1/c/fop/members?${query}`)).statusCode, 400, query)
})

t.test("another community's token cannot list or read fop's members", async (t) => {
  const { hub, ada, zed } = await setUp(t)
  for (const url of ['/v1/c/fop/members', `/v1/c/fop/members/${ada.memberId}`]) {
    const reply = await callAs(hub, zed, 'GET', url)
    t.equal(reply.statusCode, 401, url)
    t.notOk(reply.body.includes('Ada'), 'nothing of fop')
  }
  t.equal((await callAs(hub, zed, 'GET', `/v1/c/ehlers-danlos/members/${ada.memberId}`)).statusCode, 404, "nor through one's own community")
})
