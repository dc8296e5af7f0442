import { randomBytes } from 'node:crypto'
import type { Database } from '@kindred/db'
import { createTokenService, masterKeyLength, type TokenService, type TokenServiceOptions } from '@kindred/tokens'

/** A token service on `database` with a master key of its own (random) and a first signing key. */
export async function createTestTokens(
  database: Database,
  options: Partial<TokenServiceOptions> = {},
): Promise<{ tokens: TokenService; masterKey: Buffer }> {
  const masterKey = options.masterKey ?? randomBytes(masterKeyLength)
  return { tokens: await createTokenService({ ...options, db: database.db, masterKey }), masterKey }
}
