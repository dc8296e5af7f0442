import t from 'tap'
import { registerAccount } from '@kindred/identity'
import { joinCommunity } from '@kindred/membership'
import { buildTestHub, provisionTestCommunity } from '@kindred/testkit'

t.test('an account joins only once it has confirmed its address, and a refusal leaves no membership behind', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  await provisionTestCommunity(hub, 'fop')
  const { db } = hub.database
  const deps = { hub: db, placements: hub.placements }
  const { id: accountId } = await registerAccount(db, { email: 'una@example.org', password: 'a long enough password', displayName: 'Una' })
  const request = { accountId, slug: 'fop', pseudonym: 'Una here', acceptCharterVersion: 1 }
  await t.rejects(joinCommunity(deps, request), { code: 'KINDRED_EMAIL_UNVERIFIED', statusCode: 403 })
  t.same(await db.selectFrom('hub.memberships').select('member_id').where('account_id', '=', accountId).execute(), [])
  await t.rejects(
    joinCommunity(deps, { ...request, slug: 'nowhere' }),
    { code: 'KINDRED_NOT_FOUND' },
    'an unknown community is still unknown',
  )
  await db.updateTable('hub.accounts').set({ email_verified_at: new Date() }).where('id', '=', accountId).execute()
  t.match(await joinCommunity(deps, request), { pseudonym: 'Una here' })
})
