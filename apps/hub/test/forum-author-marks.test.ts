import t from 'tap'
import { grantRole } from '@kindred/identity'
import { buildTestHub, callAs, communityMember, provisionTestCommunity, withoutLoadShedding } from '@kindred/testkit'

interface Author {
  memberId: string
  pseudonym: string
  industry: boolean
  healthProfessional: boolean
  disclosures: unknown[]
}

t.test("next to each post: the author's verified roles and declared industry relationships, never their identity", async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const rep = await communityMember(hub, 'fop', 'pharmarep', { pseudonym: 'Helpful Rep' })
  const patient = await communityMember(hub, 'fop', 'patient', { pseudonym: 'Bone Builder' })
  await grantRole(hub.database.db, { accountId: rep.account.accountId, role: 'industry' })
  await hub.app.inject({
    method: 'PUT',
    url: '/v1/me/disclosures',
    headers: { authorization: `Bearer ${rep.account.accessToken}` },
    payload: { disclosures: [{ organisation: 'Acme Pharma', nature: 'employment', since: '2021-05-01' }] },
  })
  const categories = (await callAs(hub, rep, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const opened = await callAs(hub, rep, 'POST', '/v1/c/fop/threads', {
    categoryId: categories[0]?.id,
    title: 'A new trial',
    body: 'Recruiting now.',
  })
  t.equal(opened.statusCode, 201)
  const threadId = opened.json<{ thread: { id: string } }>().thread.id
  t.match(opened.json<{ post: { author: Author } }>().post.author, {
    pseudonym: 'Helpful Rep',
    industry: true,
    disclosures: [{ organisation: 'Acme Pharma' }],
  })
  await callAs(hub, patient, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Who runs it?' })

  const read = await callAs(hub, patient, 'GET', `/v1/c/fop/threads/${threadId}`)
  const authors = read.json<{ posts: Array<{ author: Author }> }>().posts.map((post) => post.author)
  t.same(authors, [
    {
      memberId: rep.memberId,
      pseudonym: 'Helpful Rep',
      role: 'member',
      industry: true,
      healthProfessional: false,
      disclosures: [{ organisation: 'Acme Pharma', nature: 'employment', since: '2021-05-01' }],
    },
    { memberId: patient.memberId, pseudonym: 'Bone Builder', role: 'member', industry: false, healthProfessional: false, disclosures: [] },
  ])
  for (const identity of ['pharmarep@example.org', '"pharmarep"', rep.account.accountId]) t.notOk(read.body.includes(identity), identity)
})
