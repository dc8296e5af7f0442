import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { HubDatabase, PublicJwk } from '@kindred/db'
import { assertMasterKey, seal, unseal } from './encryption.ts'
import { publishedAfterRetirementSeconds } from './lifetimes.ts'

/** A signing key as the hub holds it in memory. `privateKeyPem` is only decrypted for the current key. */
export interface PublishedKey {
  kid: string
  jwk: PublicJwk
  current: boolean
}

export interface CurrentKey {
  kid: string
  privateKeyPem: string
}

interface NewKey {
  kid: string
  publicJwk: PublicJwk
  encryptedPrivateKey: Buffer
}

// RFC 7638: the SHA-256 of the required members in lexicographic order, so the id follows from the key.
function thumbprint(crv: string, kty: string, x: string): string {
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url')
}

function generateKey(masterKey: Buffer): NewKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const { x } = publicKey.export({ format: 'jwk' })
  if (x === undefined) throw new Error('Ed25519 public key without x')
  const kid = thumbprint('Ed25519', 'OKP', x)
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  return {
    kid,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
    encryptedPrivateKey: seal(pkcs8, masterKey, kid),
  }
}

async function lockKeys(trx: Transaction<HubDatabase>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('kindred.signing_keys', 0))`.execute(trx)
}

async function insertKey(trx: Transaction<HubDatabase>, key: NewKey): Promise<void> {
  await trx
    .insertInto('hub.signing_keys')
    .values({ kid: key.kid, algorithm: 'EdDSA', public_jwk: JSON.stringify(key.publicJwk), encrypted_private_key: key.encryptedPrivateKey })
    .execute()
}

/**
 * Adds a new signing key and retires the current one (the first key when there is none). The retired key
 * stays in the JWKS until every token it can have signed has expired. Refused when `masterKey` cannot
 * decrypt the current key. Safe from several processes at once; other hubs start signing with the new
 * key within `keyRefreshSeconds`.
 *
 * @example const { kid } = await rotateSigningKey(db, masterKey)
 */
export async function rotateSigningKey(db: Kysely<HubDatabase>, masterKey: Buffer): Promise<{ kid: string }> {
  assertMasterKey(masterKey)
  const key = generateKey(masterKey)
  await db.transaction().execute(async (trx) => {
    await lockKeys(trx)
    const current = await trx
      .selectFrom('hub.signing_keys')
      .select(['kid', 'encrypted_private_key'])
      .where('retired_at', 'is', null)
      .executeTakeFirst()
    // A key stored under another master key would stop every hub from signing.
    if (current !== undefined) decryptPrivateKey(current, masterKey)
    await trx
      .updateTable('hub.signing_keys')
      .set({
        retired_at: sql<Date>`now()`,
        published_until: sql<Date>`now() + make_interval(secs => ${publishedAfterRetirementSeconds})`,
      })
      .where('retired_at', 'is', null)
      .execute()
    await insertKey(trx, key)
  })
  return { kid: key.kid }
}

/**
 * Creates the first signing key unless a current one exists; returns the current key's id. Run at hub
 * start, so a new installation can issue tokens at once.
 */
export async function ensureSigningKey(db: Kysely<HubDatabase>, masterKey: Buffer): Promise<{ kid: string; created: boolean }> {
  assertMasterKey(masterKey)
  return db.transaction().execute(async (trx) => {
    await lockKeys(trx)
    const current = await trx.selectFrom('hub.signing_keys').select('kid').where('retired_at', 'is', null).executeTakeFirst()
    if (current !== undefined) return { kid: current.kid, created: false }
    const key = generateKey(masterKey)
    await insertKey(trx, key)
    return { kid: key.kid, created: true }
  })
}

/** The keys the JWKS publishes now (the current one first) and the decrypted current key. */
export async function loadSigningKeys(
  db: Kysely<HubDatabase>,
  masterKey: Buffer,
): Promise<{ published: PublishedKey[]; current: CurrentKey | undefined }> {
  const rows = await db
    .selectFrom('hub.signing_keys')
    .select(['kid', 'public_jwk', 'encrypted_private_key', 'retired_at'])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('published_until', '>', sql<Date>`now()`)]))
    .orderBy('created_at', 'desc')
    .execute()
  const currentRow = rows.find((row) => row.retired_at === null)
  return {
    published: rows.map((row) => ({ kid: row.kid, jwk: row.public_jwk, current: row.retired_at === null })),
    current: currentRow === undefined ? undefined : { kid: currentRow.kid, privateKeyPem: decryptPrivateKey(currentRow, masterKey) },
  }
}

function decryptPrivateKey(row: { kid: string; encrypted_private_key: Buffer }, masterKey: Buffer): string {
  let pkcs8: Buffer
  try {
    pkcs8 = unseal(row.encrypted_private_key, masterKey, row.kid)
  } catch (error) {
    throw new Error(`The signing key ${row.kid} cannot be decrypted: KINDRED_MASTER_KEY is not the key it was encrypted with`, {
      cause: error,
    })
  }
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString()
}
