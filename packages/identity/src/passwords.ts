import { argon2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const argon2Async = promisify(argon2)

/** OWASP's argon2id baseline (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
export const passwordHashing = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const

interface HashParameters {
  memory: number
  passes: number
  parallelism: number
}

const phcPattern = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

async function derive(password: string, salt: Buffer, parameters: HashParameters, tagLength: number): Promise<Buffer> {
  return argon2Async('argon2id', { message: password, nonce: salt, tagLength, ...parameters })
}

/**
 * Hashes a password with argon2id (Node's own implementation, run on the libuv thread pool) into a PHC
 * string that records its parameters, so they can be raised later without invalidating stored hashes.
 *
 * @example await hashPassword('correct horse battery staple') // '$argon2id$v=19$m=19456,t=2,p=1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await derive(password, salt, passwordHashing, passwordHashing.tagLength)
  const { memory, passes, parallelism } = passwordHashing
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${b64(salt)}$${b64(hash)}`
}

/** True when `password` matches the PHC string; compares in constant time. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const match = phcPattern.exec(stored)
  if (match === null) return false
  const [, memory, passes, parallelism, salt, expected] = match
  const expectedBytes = Buffer.from(expected ?? '', 'base64')
  const parameters = { memory: Number(memory), passes: Number(passes), parallelism: Number(parallelism) }
  const actual = await derive(password, Buffer.from(salt ?? '', 'base64'), parameters, expectedBytes.length)
  return timingSafeEqual(actual, expectedBytes)
}

/** True when a stored hash was made with weaker parameters than today's, and should be replaced. */
export function needsRehash(stored: string): boolean {
  const match = phcPattern.exec(stored)
  return match?.[1] !== String(passwordHashing.memory) || match[2] !== String(passwordHashing.passes)
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '')
