// Tokens made by hand, the way an attacker (or a careless client) would, to test what verification refuses.
// The test kit holds the master key, as an operator does, so it can decrypt the hub's signing key from its
// row and sign any header and claims with it: nothing in production code exports the key or a signer that
// takes arbitrary claims.
import { createDecipheriv, createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto'
import type { Database } from '@kindred/db'

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A compact JWS over `header` and `payload`, signed with an Ed25519 key (or unsigned when `key` is undefined). */
export function forge(header: Record<string, unknown>, payload: Record<string, unknown>, key?: KeyObject): string {
  const input = `${part(header)}.${part(payload)}`
  return `${input}.${key === undefined ? '' : sign(null, Buffer.from(input), key).toString('base64url')}`
}

/** A token signed with HMAC-SHA256 under `secret`: the algorithm-confusion attack when `secret` is a public key. */
export function forgeHs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer): string {
  const input = `${part(header)}.${part(payload)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/**
 * The hub's current private key, decrypted from its row as documented in migrations/hub/0002: AES-256-GCM
 * under the master key, iv (12 bytes) || tag (16) || ciphertext, the kid as associated data.
 */
export async function currentPrivateKey(database: Database, masterKey: Buffer): Promise<{ kid: string; key: KeyObject }> {
  const row = await database.db
    .selectFrom('hub.signing_keys')
    .select(['kid', 'encrypted_private_key'])
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow()
  const sealed = row.encrypted_private_key
  const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(0, 12)).setAAD(Buffer.from(row.kid))
  decipher.setAuthTag(sealed.subarray(12, 28))
  const pkcs8 = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()])
  return { kid: row.kid, key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) }
}

/** Signs anything with a hub's real current key: `sign(claims, header)`, the header `{alg: EdDSA, typ: at+jwt, kid}` unless overridden. */
export interface HubKeySigner {
  kid: string
  /** The header the hub itself signs with. */
  header: Record<string, unknown>
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): string
}

/**
 * A signer of arbitrary claims with the test hub's current signing key (see currentPrivateKey): tokens
 * that only a flaw in verification could reject, or only a flaw could accept.
 *
 * @example const signer = await hubKeySigner(hub); const token = signer.sign({ ...claims, iat: now - 3600, exp: now + 86_400 })
 */
export async function hubKeySigner(hub: { database: Database; masterKey: Buffer }): Promise<HubKeySigner> {
  const { kid, key } = await currentPrivateKey(hub.database, hub.masterKey)
  const header = { alg: 'EdDSA', typ: 'at+jwt', kid }
  return { kid, header, sign: (claims, overrides = header) => forge(overrides, claims, key) }
}
