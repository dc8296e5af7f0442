import t from 'tap'
import { buildTestHub, provisionTestCommunity, signUp, tenantOf, withoutLoadShedding } from '@kindred/testkit'

interface Entry {
  reason: string
  community: { slug: string }
}

t.test('the log across communities pages without losing or repeating entries written in the same microsecond', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false, env: withoutLoadShedding })
  const staff = await signUp(hub, 'steward', { staff: true })
  const at = [new Date('2026-03-01T10:00:00.001Z'), new Date('2026-03-01T10:00:00.002Z')]
  for (const slug of ['alpha', 'beta', 'gamma']) {
    await provisionTestCommunity(hub, slug)
    const tenant = await tenantOf(hub, slug)
    await tenant.query
      .insertInto('moderation_log')
      .values(
        at.flatMap((created_at, index) =>
          [0, 1].map((n) => ({
            actor_id: null,
            actor_kind: 'staff' as const,
            action: 'change_settings' as const,
            reason: `${slug} ${index}.${n}`,
            created_at,
          })),
        ),
      )
      .execute()
  }
  const seen: string[] = []
  let cursor: string | null = ''
  for (let pages = 0; cursor !== null && pages < 20; pages += 1) {
    const query: string = cursor === '' ? '?limit=4' : `?limit=4&cursor=${cursor}`
    const reply = await hub.app.inject({
      method: 'GET',
      url: `/v1/admin/moderation-log${query}`,
      headers: { authorization: `Bearer ${staff.accessToken}` },
    })
    t.equal(reply.statusCode, 200, reply.body)
    const page: { entries: Entry[]; next: string | null } = reply.json()
    seen.push(...page.entries.map((entry) => entry.reason))
    cursor = page.next
  }
  const written = ['gamma', 'beta', 'alpha'].flatMap((slug) => [1, 0].map((n) => `${slug} 1.${n}`))
  const earlier = ['gamma', 'beta', 'alpha'].flatMap((slug) => [1, 0].map((n) => `${slug} 0.${n}`))
  t.same(
    seen.filter((reason) => /^\w+ \d\.\d$/.test(reason)),
    [...written, ...earlier],
    'newest first, then by community and entry, each once',
  )

  const refused = await hub.app.inject({
    method: 'GET',
    url: '/v1/admin/moderation-log?cursor=2026-03-01',
    headers: { authorization: `Bearer ${staff.accessToken}` },
  })
  t.equal(refused.statusCode, 400)
  t.equal(refused.json<{ code: string }>().code, 'KINDRED_BAD_REQUEST')
})
