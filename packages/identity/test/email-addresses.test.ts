import t from 'tap'
import { sql } from 'kysely'
import {
  assertEmailVerified,
  authenticate,
  confirmEmail,
  issueAccountLink,
  registerAccount,
  requestEmailChange,
  requestRegistration,
  requestVerification,
} from '@kindred/identity'
import { createTestDatabase, queuedJobs } from '@kindred/testkit'

const ada = { email: 'Ada@Example.org', password: 'correct horse battery', displayName: 'Ada' }

async function setUp(t: Parameters<typeof createTestDatabase>[0]) {
  const { database } = await createTestDatabase(t)
  const jobs = async () => (await queuedJobs(database.pool)).map(({ task, payload }) => ({ task, payload }))
  const clearJobs = () => sql`delete from graphile_worker._private_jobs`.execute(database.db)
  const account = async (email: string) =>
    database.db.selectFrom('hub.accounts').select(['id', 'email', 'email_verified_at']).where('email', '=', email).executeTakeFirstOrThrow()
  return { db: database.db, jobs, clearJobs, account }
}

async function link(db: Parameters<typeof confirmEmail>[0], accountId: string, email: string): Promise<string> {
  const issued = await issueAccountLink(db, { accountId, purpose: 'verify_email', email })
  if (issued === undefined) throw new Error('no link')
  return issued.token
}

t.test(
  'a registration makes an unconfirmed account and queues its verification mail; a taken address queues a notice instead',
  async (t) => {
    const { db, jobs, clearJobs, account } = await setUp(t)
    t.equal(await requestRegistration(db, { ...ada, language: 'fr' }), 'created')
    const created = await account('ada@example.org')
    t.equal(created.email_verified_at, null)
    t.match(await jobs(), [{ task: 'email_verification__mail', payload: { accountId: created.id, language: 'fr' } }])
    t.notOk('email' in ((await jobs())[0]?.payload as object), 'the queue holds no address for a registration')
    await clearJobs()

    t.equal(await requestRegistration(db, { ...ada, email: ' ADA@example.org', password: 'another password', displayName: 'Eve' }), 'taken')
    t.match(await jobs(), [{ task: 'email_taken__mail', payload: { accountId: created.id } }])
    t.same((await db.selectFrom('hub.accounts').select('display_name').execute()).length, 1, 'nothing else is written')
    await t.resolves(authenticate(db, ada), 'the password is the first registration’s')

    await requestRegistration(db, ada)
    t.equal((await jobs()).length, 1, 'attempts within the hour make one notice')
    await t.rejects(requestRegistration(db, { ...ada, password: 'short' }), { code: 'KINDRED_VALIDATION_FAILED' })
  },
)

t.test('a verification link confirms its address once; an expired one or one for another purpose does nothing', async (t) => {
  const { db, account } = await setUp(t)
  const { id } = await registerAccount(db, ada)
  await t.rejects(assertEmailVerified(db, id), { code: 'KINDRED_EMAIL_UNVERIFIED', statusCode: 403 })
  const token = await link(db, id, 'ada@example.org')
  t.same(await confirmEmail(db, token), { accountId: id })
  t.not((await account('ada@example.org')).email_verified_at, null)
  await t.resolves(assertEmailVerified(db, id))
  await t.rejects(confirmEmail(db, token), { code: 'KINDRED_LINK_INVALID', statusCode: 400 }, 'a link works once')

  const expired = await link(db, id, 'ada@example.org')
  await sql`update hub.account_links set expires_at = now() - interval '1 second' where used_at is null`.execute(db)
  await t.rejects(confirmEmail(db, expired), { code: 'KINDRED_LINK_INVALID' })
  const reset = await issueAccountLink(db, { accountId: id, purpose: 'reset_password' })
  await t.rejects(confirmEmail(db, reset?.token ?? ''), { code: 'KINDRED_LINK_INVALID' }, 'a reset link confirms nothing')
})

t.test('a link to a new address switches the account to it and ends every other link', async (t) => {
  const { db, account } = await setUp(t)
  const { id } = await registerAccount(db, ada)
  const first = await link(db, id, 'ada@example.org')
  const older = await link(db, id, 'ada@example.com')
  const newer = await link(db, id, 'ada@example.net')
  await confirmEmail(db, newer)
  t.match(await account('ada@example.net'), { id, email_verified_at: Date })
  await t.rejects(confirmEmail(db, first), { code: 'KINDRED_LINK_INVALID' }, 'the old address cannot take the account back')
  await t.rejects(confirmEmail(db, older), { code: 'KINDRED_LINK_INVALID' }, 'an older change is void')
  await t.resolves(authenticate(db, { email: 'ada@example.net', password: ada.password }))
})

t.test('a link to an address another account has taken since confirms nothing', async (t) => {
  const { db, account } = await setUp(t)
  const { id } = await registerAccount(db, ada)
  const token = await link(db, id, 'bo@example.org')
  await registerAccount(db, { ...ada, email: 'bo@example.org' })
  await t.rejects(confirmEmail(db, token), { code: 'KINDRED_LINK_INVALID' })
  t.match(await account('ada@example.org'), { id, email_verified_at: null })
})

t.test('asking for the link again queues one only while the address waits for it', async (t) => {
  const { db, jobs, clearJobs } = await setUp(t)
  const { id } = await registerAccount(db, ada)
  await requestVerification(db, id, 'es')
  t.match(await jobs(), [{ task: 'email_verification__mail', payload: { accountId: id, language: 'es' } }])
  await clearJobs()
  await confirmEmail(db, await link(db, id, 'ada@example.org'))
  await requestVerification(db, id)
  t.same(await jobs(), [], 'a confirmed address needs no link')
})

t.test(
  'changing the address checks the password, links the new one, tells the old one, and gives a taken one away to nobody',
  async (t) => {
    const { db, jobs, clearJobs, account } = await setUp(t)
    const { id } = await registerAccount(db, ada)
    await registerAccount(db, { ...ada, email: 'bo@example.org' })
    await t.rejects(requestEmailChange(db, id, { email: 'ada@example.net', password: 'not the password' }), {
      code: 'KINDRED_INVALID_CREDENTIALS',
    })
    await t.rejects(requestEmailChange(db, id, { email: 'not an address', password: ada.password }), { code: 'KINDRED_VALIDATION_FAILED' })
    t.same(await jobs(), [])

    await requestEmailChange(db, id, { email: 'ada@example.net', password: ada.password })
    t.match(await jobs(), [{ task: 'email_verification__mail', payload: { accountId: id, email: 'ada@example.net' } }])
    t.equal((await jobs()).length, 1, 'an address never confirmed is not told: nobody is known there')
    await clearJobs()

    await confirmEmail(db, await link(db, id, 'ada@example.org'))
    await requestEmailChange(db, id, { email: ' Ada@Example.NET ', password: ada.password })
    t.match(await jobs(), [
      { task: 'email_verification__mail', payload: { accountId: id, email: 'ada@example.net' } },
      { task: 'email_change_notice__mail', payload: { accountId: id, from: 'ada@example.org', to: 'ada@example.net' } },
    ])
    await clearJobs()

    await requestEmailChange(db, id, { email: 'bo@example.org', password: ada.password })
    t.match(await jobs(), [{ task: 'email_change_notice__mail', payload: { from: 'ada@example.org', to: 'bo@example.org' } }])
    t.equal((await jobs()).length, 1, 'nothing goes to an address another account has')
    t.equal((await account('ada@example.org')).id, id, 'the address changes only when a link is used')
  },
)
