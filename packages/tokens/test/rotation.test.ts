import t from 'tap'
import { sql } from 'kysely'
import { hubAudience, rotateSigningKey } from '@kindred/tokens'
import { createTestDatabase, createTestTokens } from '@kindred/testkit'

const kidOf = (token: string): unknown =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: unknown }).kid
const sign = (tokens: { sign: (input: { subject: string; audience: string }) => Promise<string> }): Promise<string> =>
  tokens.sign({ subject: 'account-1', audience: hubAudience })

t.test('a new installation gets a first signing key, and a second start keeps it', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens, masterKey } = await createTestTokens(database)
  const { tokens: restarted } = await createTestTokens(database, { masterKey })
  t.equal((await tokens.jwks()).keys.length, 1)
  t.strictSame(await restarted.jwks(), await tokens.jwks())
  t.equal(kidOf(await sign(restarted)), kidOf(await sign(tokens)))
})

t.test('after a rotation, new tokens carry the new kid, old ones still verify, and the JWKS lists both', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens } = await createTestTokens(database)
  const before = await sign(tokens)
  const oldKid = kidOf(before)
  const { kid: newKid } = await tokens.rotate()
  t.not(newKid, oldKid)
  const after = await sign(tokens)
  t.equal(kidOf(after), newKid, 'new tokens are signed with the new key')
  t.match(await tokens.verify(before, hubAudience), { sub: 'account-1' }, 'a token of the old key still verifies')
  t.match(await tokens.verify(after, hubAudience), { sub: 'account-1' })
  t.strictSame(
    (await tokens.jwks()).keys.map((key) => key.kid),
    [newKid, oldKid],
    'the current key first, then the retired one',
  )
})

t.test('a retired key stays published until every token it signed has expired, then disappears', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens, masterKey } = await createTestTokens(database)
  const oldToken = await sign(tokens)
  const oldKid = kidOf(oldToken)
  const { kid: newKid } = await tokens.rotate()
  // Time passes for the keys table: every timestamp moves back by `minutes`.
  const age = async (minutes: number): Promise<void> => {
    const shift = sql`make_interval(mins => ${minutes})`
    await sql`update hub.signing_keys set created_at = created_at - ${shift}, retired_at = retired_at - ${shift},
      published_until = published_until - ${shift}`.execute(database.db)
  }
  await age(14)
  const { tokens: laterHub } = await createTestTokens(database, { masterKey })
  t.strictSame(
    (await laterHub.jwks()).keys.map((key) => key.kid),
    [newKid, oldKid],
    'retired 14 minutes ago: still published',
  )
  await age(2)
  const { tokens: muchLaterHub } = await createTestTokens(database, { masterKey })
  t.strictSame(
    (await muchLaterHub.jwks()).keys.map((key) => key.kid),
    [newKid],
    'retired 16 minutes ago: no longer published',
  )
  await t.rejects(muchLaterHub.verify(oldToken, hubAudience), { code: 'KINDRED_UNAUTHORIZED' }, 'nor trusted')
})

t.test('a hub verifies tokens signed with a key that another process rotated in', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens: hub, masterKey } = await createTestTokens(database, { unknownKidReloadIntervalMs: 0 })
  const { kid } = await rotateSigningKey(database.db, masterKey)
  const { tokens: signer } = await createTestTokens(database, { masterKey })
  const token = await sign(signer)
  t.equal(kidOf(token), kid)
  t.match(await hub.verify(token, hubAudience), { sub: 'account-1' }, 'the unknown kid made the hub reload its keys')
})

t.test('tokens naming an unknown kid reload the keys at most once per interval', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens: hub, masterKey } = await createTestTokens(database, { unknownKidReloadIntervalMs: 60_000 })
  await rotateSigningKey(database.db, masterKey)
  const { tokens: signer } = await createTestTokens(database, { masterKey })
  await t.rejects(hub.verify(await sign(signer), hubAudience), { code: 'KINDRED_UNAUTHORIZED' }, 'within the interval, no reload')
})

t.test('rotation is refused with a master key that cannot decrypt the current key', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens } = await createTestTokens(database)
  const before = await tokens.jwks()
  await t.rejects(rotateSigningKey(database.db, Buffer.alloc(32, 7)), {
    message: /KINDRED_MASTER_KEY is not the key it was encrypted with/,
  })
  const { count } = await database.db
    .selectFrom('hub.signing_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  t.equal(Number(count), 1, 'no key was added')
  t.strictSame(await tokens.jwks(), before)
})
