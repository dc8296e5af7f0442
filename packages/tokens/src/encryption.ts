import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** The master key is 32 bytes: an AES-256 key. */
export const masterKeyLength = 32

const ivLength = 12
const tagLength = 16

export function assertMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== masterKeyLength) throw new RangeError(`The master key must be ${masterKeyLength} bytes, not ${masterKey.length}`)
}

/**
 * Encrypts with AES-256-GCM under the master key, returning iv || auth tag || ciphertext. `context` (the
 * key id) is bound as associated data, so a ciphertext copied into another row does not decrypt there.
 */
export function seal(plaintext: Buffer, masterKey: Buffer, context: string): Buffer {
  assertMasterKey(masterKey)
  const iv = randomBytes(ivLength)
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: tagLength }).setAAD(Buffer.from(context))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext])
}

/** Decrypts what `seal` produced; throws when the master key, the context or the bytes differ. */
export function unseal(sealed: Buffer, masterKey: Buffer, context: string): Buffer {
  assertMasterKey(masterKey)
  const iv = sealed.subarray(0, ivLength)
  const tag = sealed.subarray(ivLength, ivLength + tagLength)
  const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: tagLength }).setAAD(Buffer.from(context))
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(sealed.subarray(ivLength + tagLength)), decipher.final()])
}

/**
 * A 32-byte key for `purpose`, derived from the master key (HKDF-SHA256): every hub sharing the master key
 * derives the same one, and a key derived for one purpose tells nothing about the master key or another.
 *
 * @example const secret = deriveKey(masterKey, 'rate-limit keys')
 */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  assertMasterKey(masterKey)
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `kindred ${purpose}`, 32))
}
