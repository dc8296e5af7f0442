import { createPublicKey, randomBytes } from 'node:crypto'
import t from 'tap'
import { createTokenService } from '@kindred/tokens'
import { createTestDatabase, createTestTokens } from '@kindred/testkit'
import { currentPrivateKey } from './forge.ts'

t.test('the private key in the database is ciphertext that only the master key opens', async (t) => {
  const { database } = await createTestDatabase(t)
  const { tokens, masterKey } = await createTestTokens(database)
  const row = await database.db.selectFrom('hub.signing_keys').selectAll().executeTakeFirstOrThrow()
  const { kid, key } = await currentPrivateKey(database, masterKey)
  t.equal(kid, row.kid)
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' })
  t.notOk(row.encrypted_private_key.includes(pkcs8.subarray(-32)), 'the private key bytes are not stored in clear')
  t.notMatch(JSON.stringify(row), /PRIVATE KEY/)
  t.equal(createPublicKey(key).export({ format: 'jwk' }).x, (await tokens.jwks()).keys[0]?.x, 'and it is the key the JWKS publishes')
  await t.rejects(
    currentPrivateKey(database, randomBytes(32)),
    { message: /unable to authenticate data/ },
    'another master key cannot open it',
  )
})

t.test('a hub started with another master key refuses to start, saying so', async (t) => {
  const { database } = await createTestDatabase(t)
  await createTestTokens(database)
  await t.rejects(createTokenService({ db: database.db, masterKey: randomBytes(32) }), {
    message: /cannot be decrypted: KINDRED_MASTER_KEY is not the key it was encrypted with/,
  })
})

t.test('a master key of the wrong length is refused', async (t) => {
  const { database } = await createTestDatabase(t)
  await t.rejects(createTokenService({ db: database.db, masterKey: randomBytes(16) }), RangeError)
})
