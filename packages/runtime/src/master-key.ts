import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { ConfigError } from '@kindred/config'
import type { ProcessContext } from './run-process.ts'

const keyLength = 32
const base64Key = /^[A-Za-z0-9+/]{43}=$/

function decode(text: string, source: string): Buffer {
  const trimmed = text.trim()
  if (!base64Key.test(trimmed)) throw new ConfigError(`Invalid configuration: ${source} must hold base64 of ${keyLength} bytes`)
  return Buffer.from(trimmed, 'base64')
}

async function readOrCreate(file: string): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  try {
    // `wx`: two processes starting at once cannot both create it; the second reads the first's key.
    await writeFile(file, `${randomBytes(keyLength).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return decode(await readFile(file, 'utf8'), file)
}

/**
 * The 32-byte master key that encrypts the token signing keys: `KINDRED_MASTER_KEY` when set. Without it,
 * on the embedded database, the key kept in `<KINDRED_DATA_DIR>/master-key` (created on first use, mode
 * 0600); with `DATABASE_URL`, a ConfigError, since a generated key would differ on every machine.
 *
 * @example const masterKey = await resolveMasterKey(context)
 */
export async function resolveMasterKey(context: ProcessContext): Promise<Buffer> {
  const { config } = context
  if (config.masterKey !== undefined) return decode(config.masterKey, 'KINDRED_MASTER_KEY')
  if (config.database.url !== undefined) {
    throw new ConfigError(
      'Invalid configuration: KINDRED_MASTER_KEY must be set when DATABASE_URL is (base64 of 32 random bytes, e.g. `openssl rand -base64 32`, the same on every hub and worker)',
    )
  }
  return readOrCreate(path.join(config.database.embedded.dataDir, 'master-key'))
}
