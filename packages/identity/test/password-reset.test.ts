import t from 'tap'
import { sql } from 'kysely'
import {
  authenticate,
  checkAccountLink,
  issueAccountLink,
  registerAccount,
  requestPasswordReset,
  resetPassword,
  rotateSession,
  sessionLifetimeSeconds,
  startSession,
} from '@kindred/identity'
import { createTestDatabase, queuedJobs } from '@kindred/testkit'

const password = 'correct horse battery'

async function setUp(t: Parameters<typeof createTestDatabase>[0]) {
  const { database } = await createTestDatabase(t)
  const { db, pool } = database
  const account = await registerAccount(db, { email: 'ada@example.org', password, displayName: 'Ada' })
  return { db, pool, accountId: account.id }
}

async function resetLink(db: Parameters<typeof issueAccountLink>[0], accountId: string): Promise<string> {
  const link = await issueAccountLink(db, { accountId, purpose: 'reset_password' })
  if (link === undefined) throw new Error('no link')
  return link.token
}

t.test('asking queues one message for an account that may sign in, holding neither its address nor a link', async (t) => {
  const { db, pool, accountId } = await setUp(t)
  await requestPasswordReset(db, ' Ada@Example.org')
  const [queued, ...others] = await queuedJobs(pool)
  t.same(others, [])
  t.match(queued, { task: 'password_reset__mail', payload: { accountId } })
  t.notOk(JSON.stringify(queued).includes('ada@example.org'), 'the queue does not hold the address')
  t.same(await db.selectFrom('hub.account_links').select('id').execute(), [], 'no link before the message is composed')

  await sql`delete from graphile_worker._private_jobs`.execute(db)
  await requestPasswordReset(db, 'nobody@example.org')
  const banned = await registerAccount(db, { email: 'bo@example.org', password, displayName: 'Bo' })
  await sql`update hub.accounts set banned_at = now() where id = ${banned.id}`.execute(db)
  await requestPasswordReset(db, 'bo@example.org')
  const erased = await registerAccount(db, { email: 'cy@example.org', password, displayName: 'Cy' })
  await sql`update hub.accounts set erasure_requested_at = now() where id = ${erased.id}`.execute(db)
  await requestPasswordReset(db, 'cy@example.org')
  t.same(await queuedJobs(pool), [], 'nothing for an unknown address, a banned account or one being erased')
})

t.test('a reset sets the password, proves the address, and ends every session and every other reset link', async (t) => {
  const { db, accountId } = await setUp(t)
  const session = await startSession(db, accountId, sessionLifetimeSeconds)
  const token = await resetLink(db, accountId)
  const another = await resetLink(db, accountId)
  t.same(await resetPassword(db, token, 'a brand new passphrase'), { accountId })

  t.match(await authenticate(db, { email: 'ada@example.org', password: 'a brand new passphrase' }), { id: accountId })
  await t.rejects(authenticate(db, { email: 'ada@example.org', password }), { code: 'KINDRED_INVALID_CREDENTIALS' })
  const account = await db.selectFrom('hub.accounts').select(['email_verified_at', 'sessions_valid_after']).executeTakeFirstOrThrow()
  t.ok(account.email_verified_at !== null, 'the address counts as verified')
  t.ok(account.sessions_valid_after.getTime() > Date.now() - 1000, 'tokens issued before now are refused')
  await t.rejects(rotateSession(db, session.refreshToken), { code: 'KINDRED_SESSION_INVALID' }, 'the refresh token is revoked')
  await t.rejects(resetPassword(db, token, 'yet another passphrase'), { code: 'KINDRED_LINK_INVALID' }, 'the link worked once')
  await t.rejects(checkAccountLink(db, 'reset_password', another), { code: 'KINDRED_LINK_INVALID' }, 'the other link ended with it')
})

t.test('a password of the wrong length is refused and leaves the link as it was', async (t) => {
  const { db, accountId } = await setUp(t)
  const token = await resetLink(db, accountId)
  await t.rejects(resetPassword(db, token, 'short'), { code: 'KINDRED_VALIDATION_FAILED' })
  await t.rejects(resetPassword(db, token, 'x'.repeat(257)), { code: 'KINDRED_VALIDATION_FAILED' })
  t.same(await checkAccountLink(db, 'reset_password', token), { accountId, email: null }, 'the link still works')
  const before = await db.selectFrom('hub.accounts').select('email_verified_at').executeTakeFirstOrThrow()
  t.equal(before.email_verified_at, null, 'nothing changed')
  await t.rejects(resetPassword(db, 'made-up', 'a brand new passphrase'), { code: 'KINDRED_LINK_INVALID' })
  t.match(await authenticate(db, { email: 'ada@example.org', password }), { id: accountId }, 'the password is the old one')
})
