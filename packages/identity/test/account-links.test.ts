import { randomUUID } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import { checkAccountLink, issueAccountLink, pruneAccountLinks, redeemAccountLink, registerAccount } from '@kindred/identity'
import { createTestDatabase } from '@kindred/testkit'

async function setUp(t: Parameters<typeof createTestDatabase>[0]) {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const account = await registerAccount(db, { email: 'ada@example.org', password: 'correct horse battery', displayName: 'Ada' })
  return { db, accountId: account.id }
}

t.test('a link works once, for its purpose only, and only its digest is kept', async (t) => {
  const { db, accountId } = await setUp(t)
  const link = await issueAccountLink(db, { accountId, purpose: 'reset_password' })
  if (link === undefined) throw new Error('no link')
  const stored = await db.selectFrom('hub.account_links').select('token_hash').executeTakeFirstOrThrow()
  t.not(stored.token_hash.toString('base64url'), link.token, 'the token itself is not stored')
  await t.rejects(checkAccountLink(db, 'verify_email', link.token), { code: 'KINDRED_LINK_INVALID', statusCode: 400 })
  t.same(await checkAccountLink(db, 'reset_password', link.token), { accountId, email: null }, 'checking uses nothing')
  t.same(await redeemAccountLink(db, 'reset_password', link.token), { accountId, email: null })
  await t.rejects(redeemAccountLink(db, 'reset_password', link.token), { code: 'KINDRED_LINK_INVALID' }, 'a used link is refused')
  await t.rejects(checkAccountLink(db, 'reset_password', 'made-up'), { code: 'KINDRED_LINK_INVALID' })
})

t.test('a verification link names its address; two uses at once, one wins', async (t) => {
  const { db, accountId } = await setUp(t)
  const link = await issueAccountLink(db, { accountId, purpose: 'verify_email', email: 'ada@example.org' })
  if (link === undefined) throw new Error('no link')
  const uses = await Promise.allSettled([1, 2].map(() => redeemAccountLink(db, 'verify_email', link.token)))
  t.same(uses.filter((use) => use.status === 'fulfilled').length, 1)
  t.same((uses.find((use) => use.status === 'fulfilled') as PromiseFulfilledResult<unknown>).value, { accountId, email: 'ada@example.org' })
})

t.test('an expired link is refused and pruned; an account that is gone gets none', async (t) => {
  const { db, accountId } = await setUp(t)
  const link = await issueAccountLink(db, { accountId, purpose: 'reset_password' })
  if (link === undefined) throw new Error('no link')
  await sql`update hub.account_links set expires_at = now() - interval '1 second'`.execute(db)
  await t.rejects(redeemAccountLink(db, 'reset_password', link.token), { code: 'KINDRED_LINK_INVALID' })
  t.equal(await pruneAccountLinks(db), 1)
  t.equal(await issueAccountLink(db, { accountId: randomUUID(), purpose: 'reset_password' }), undefined)
})
