// A refresh token presented many times at once, as a thief racing its owner (or a client retrying in a
// loop) would: reuse detection must hold under concurrency, not only one request after another.
import t from 'tap'
import { buildTestHub, signUp, withoutLoadShedding } from '@kindred/testkit'

const presentations = 20

t.test('the same refresh token presented concurrently yields at most one new pair and ends the session, with no 500', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const ada = await signUp(hub, 'ada')
  const refresh = (refreshToken: string, index: number) =>
    hub.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken },
      // An address each, so the per-address limit is not what answers.
      remoteAddress: `198.51.100.${index + 1}`,
    })

  const replies = await Promise.all(Array.from({ length: presentations }, (_, index) => refresh(ada.refreshToken, index)))
  const statuses = replies.map((reply) => reply.statusCode)
  const rotated = replies.filter((reply) => reply.statusCode === 200)
  t.ok(rotated.length <= 1, `at most one new pair (${rotated.length} of ${presentations})`)
  t.strictSame(
    statuses.filter((status) => status !== 200 && status !== 401),
    [],
    'every other presentation is refused, none fails',
  )
  for (const reply of replies.filter((reply) => reply.statusCode === 401))
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_SESSION_INVALID')

  // The token was presented more than once: the whole session ends, the pair handed out included.
  for (const [index, reply] of rotated.entries()) {
    const next = reply.json<{ refreshToken: string }>().refreshToken
    t.equal((await refresh(next, presentations + index)).statusCode, 401, 'the refresh token of the one new pair is refused too')
  }
  const live = await hub.database.db
    .selectFrom('hub.refresh_tokens')
    .select('id')
    .where('account_id', '=', ada.accountId)
    .where('revoked_at', 'is', null)
    .execute()
  t.equal(live.length, 0, 'no refresh token of the session is left')
})
