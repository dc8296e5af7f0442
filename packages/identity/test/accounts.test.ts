import { argon2Sync, randomBytes } from 'node:crypto'
import t from 'tap'
import { authenticate, normaliseEmail, registerAccount, verifyPassword } from '@kindred/identity'
import { createTestDatabase } from '@kindred/testkit'

const ada = { email: 'Ada@Example.org', password: 'correct horse battery staple', displayName: 'Ada' }

t.test('an account is created with a normalised email and no network role', async (t) => {
  const { database } = await createTestDatabase(t)
  const account = await registerAccount(database.db, ada)
  t.equal(account.email, 'ada@example.org')
  t.equal(account.displayName, 'Ada')
  t.same(account.roles, [])
  const stored = await database.db.selectFrom('hub.accounts').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow()
  t.notMatch(stored.password_hash, ada.password, 'the password itself is not stored')
  t.ok(await verifyPassword(stored.password_hash, ada.password))
})

t.test('an email is unique whatever its case or surrounding spaces', async (t) => {
  const { database } = await createTestDatabase(t)
  await registerAccount(database.db, ada)
  await t.rejects(registerAccount(database.db, { ...ada, email: '  ADA@example.ORG ' }), { code: 'KINDRED_EMAIL_TAKEN', statusCode: 409 })
  const count = await database.db
    .selectFrom('hub.accounts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(count.n), 1, 'nothing was written by the refused registration')
})

t.test('a password outside 10 to 256 characters is refused before anything is written', async (t) => {
  const { database } = await createTestDatabase(t)
  for (const password of ['short', 'x'.repeat(257)]) {
    await t.rejects(registerAccount(database.db, { ...ada, password }), { code: 'KINDRED_VALIDATION_FAILED' })
  }
  t.equal((await database.db.selectFrom('hub.accounts').selectAll().execute()).length, 0)
})

t.test('signing in works with the email in any case, and fails the same way for an unknown email and a wrong password', async (t) => {
  const { database } = await createTestDatabase(t)
  const created = await registerAccount(database.db, ada)
  const signedIn = await authenticate(database.db, { email: 'ADA@example.org', password: ada.password })
  t.equal(signedIn.id, created.id)
  const wrongPassword = await authenticate(database.db, { email: ada.email, password: 'not the password' }).catch((error: unknown) => error)
  const unknownEmail = await authenticate(database.db, { email: 'nobody@example.org', password: ada.password }).catch(
    (error: unknown) => error,
  )
  t.match(wrongPassword, { code: 'KINDRED_INVALID_CREDENTIALS', statusCode: 401 })
  t.same(
    { code: (unknownEmail as { code: string }).code, message: (unknownEmail as Error).message },
    { code: (wrongPassword as { code: string }).code, message: (wrongPassword as Error).message },
    'the two refusals cannot be told apart',
  )
})

t.test('a hash made with weaker parameters is replaced by a current one when its owner signs in', async (t) => {
  const { database } = await createTestDatabase(t)
  const account = await registerAccount(database.db, ada)
  const salt = randomBytes(16)
  const weak = argon2Sync('argon2id', { message: ada.password, nonce: salt, memory: 8192, passes: 1, parallelism: 1, tagLength: 32 })
  const weakHash = `$argon2id$v=19$m=8192,t=1,p=1$${salt.toString('base64').replace(/=+$/, '')}$${weak.toString('base64').replace(/=+$/, '')}`
  await database.db.updateTable('hub.accounts').set({ password_hash: weakHash }).where('id', '=', account.id).execute()
  await authenticate(database.db, { email: ada.email, password: ada.password })
  const stored = await database.db.selectFrom('hub.accounts').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow()
  t.match(stored.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  t.ok(await verifyPassword(stored.password_hash, ada.password))
})

t.test('emails are normalised by Unicode form, spaces and case', async (t) => {
  t.equal(normaliseEmail(' Ada@Example.ORG '), 'ada@example.org')
  t.equal(normaliseEmail('ａｄａ@example.org'), 'ada@example.org', 'full-width letters are the same address')
})
