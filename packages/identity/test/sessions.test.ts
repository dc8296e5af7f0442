import t from 'tap'
import { endAllSessions, endSession, registerAccount, rotateSession, startSession } from '@kindred/identity'
import { createTestDatabase, type TestDatabase } from '@kindred/testkit'

const day = 24 * 60 * 60

async function withAccount(t: Parameters<typeof createTestDatabase>[0]): Promise<TestDatabase & { accountId: string }> {
  const test = await createTestDatabase(t)
  const account = await registerAccount(test.database.db, {
    email: 'bo@example.org',
    password: 'a long enough password',
    displayName: 'Bo',
  })
  return { ...test, accountId: account.id }
}

t.test('a refresh token is exchanged for the next one, and the one presented stops working', async (t) => {
  const { database, accountId } = await withAccount(t)
  const first = await startSession(database.db, accountId, 30 * day)
  const rotated = await rotateSession(database.db, first.refreshToken)
  t.equal(rotated.accountId, accountId)
  t.not(rotated.grant.refreshToken, first.refreshToken)
  t.equal(rotated.grant.familyId, first.familyId)
  t.same(rotated.grant.expiresAt, first.expiresAt, 'the family keeps its absolute lifetime')
  const next = await rotateSession(database.db, rotated.grant.refreshToken)
  t.equal(next.accountId, accountId)
})

t.test('presenting a used refresh token again revokes the whole family', async (t) => {
  const { database, accountId } = await withAccount(t)
  const first = await startSession(database.db, accountId, 30 * day)
  const second = await rotateSession(database.db, first.refreshToken)
  await t.rejects(
    rotateSession(database.db, first.refreshToken),
    { code: 'KINDRED_SESSION_INVALID', statusCode: 401 },
    'the replay is refused',
  )
  await t.rejects(rotateSession(database.db, second.grant.refreshToken), { code: 'KINDRED_SESSION_INVALID' }, 'and so is the newest token')
  const other = await startSession(database.db, accountId, 30 * day)
  t.ok(await rotateSession(database.db, other.refreshToken), 'other sessions of the account go on')
})

t.test('two refreshes racing with the same token: one wins, the family is then revoked', async (t) => {
  const { database, accountId } = await withAccount(t)
  const first = await startSession(database.db, accountId, 30 * day)
  const results = await Promise.allSettled([rotateSession(database.db, first.refreshToken), rotateSession(database.db, first.refreshToken)])
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 1)
  const winner = results.find((result) => result.status === 'fulfilled')
  if (winner?.status === 'fulfilled') await t.rejects(rotateSession(database.db, winner.value.grant.refreshToken))
})

t.test('a refresh token is only ever stored as a hash', async (t) => {
  const { database, accountId } = await withAccount(t)
  const grant = await startSession(database.db, accountId, day)
  const rows = await database.db.selectFrom('hub.refresh_tokens').select('token_hash').execute()
  t.equal(rows.length, 1)
  t.notMatch(rows[0]?.token_hash.toString('base64url'), grant.refreshToken)
  t.equal(rows[0]?.token_hash.length, 32)
})

t.test('an expired family cannot be refreshed', async (t) => {
  const { database, accountId } = await withAccount(t)
  const grant = await startSession(database.db, accountId, -1)
  await t.rejects(rotateSession(database.db, grant.refreshToken), { code: 'KINDRED_SESSION_INVALID' })
})

t.test('an unknown refresh token is refused', async (t) => {
  const { database } = await withAccount(t)
  await t.rejects(rotateSession(database.db, 'not-a-token'), { code: 'KINDRED_SESSION_INVALID' })
})

t.test('signing out ends the session, and only that one', async (t) => {
  const { database, accountId } = await withAccount(t)
  const laptop = await startSession(database.db, accountId, day)
  const phone = await startSession(database.db, accountId, day)
  await endSession(database.db, laptop.refreshToken)
  await t.rejects(rotateSession(database.db, laptop.refreshToken), { code: 'KINDRED_SESSION_INVALID' })
  t.ok(await rotateSession(database.db, phone.refreshToken))
  await endSession(database.db, 'already-gone')
})

t.test('ending every session of an account refuses all its refresh tokens, and a new sign-in works again at once', async (t) => {
  const { database, accountId } = await withAccount(t)
  const sessions = await Promise.all([startSession(database.db, accountId, day), startSession(database.db, accountId, day)])
  await endAllSessions(database.db, accountId)
  for (const session of sessions) await t.rejects(rotateSession(database.db, session.refreshToken), { code: 'KINDRED_SESSION_INVALID' })
  // The end covers the whole second it happened in (token times have whole seconds); a session started
  // within that second counts as issued at its end, so it stands.
  const fresh = await startSession(database.db, accountId, day)
  const rotated = await rotateSession(database.db, fresh.refreshToken)
  const { sessions_valid_after: validAfter } = await database.db
    .selectFrom('hub.accounts')
    .select('sessions_valid_after')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow()
  t.ok(fresh.issuedAt.getTime() >= validAfter.getTime(), 'the new grant counts as issued once the end has passed')
  t.ok(rotated.grant.issuedAt.getTime() >= validAfter.getTime(), 'and so does the next one')
})
