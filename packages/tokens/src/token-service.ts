import { randomUUID } from 'node:crypto'
import { createVerifier } from 'fast-jwt'
import type { Kysely } from 'kysely'
import { isDatabaseUnavailable, type HubDatabase, type PublicJwk } from '@kindred/db'
import { kindredAudiencePattern } from './audiences.ts'
import { deriveKey } from './encryption.ts'
import { createKeyStore } from './key-store.ts'
import { createTokenSigner } from './signer.ts'
import { clockToleranceSeconds, maxAccessTokenLifetimeSeconds } from './lifetimes.ts'
import { ensureSigningKey, rotateSigningKey } from './signing-keys.ts'
import {
  accessTokenVerifierOptions,
  carriesKey,
  checkAccessClaims,
  unauthorized,
  type AccessTokenClaims,
  type TokenHeader,
} from './verification.ts'

export interface SignAccessToken {
  subject: string
  audience: string
  /** Capped at 15 minutes, which is also the default. */
  lifetimeSeconds?: number
  /** Extra claims; the registered ones (iss, aud, sub, iat, exp, nbf, jti) cannot be overridden. */
  claims?: Record<string, unknown>
  /**
   * The least `iat`, in seconds: for a token that must count as issued after sessions ended in this very
   * second (the account's not-before time is the start of the next one). At most the clock tolerance ahead.
   */
  minIssuedAt?: number
}

export interface JsonWebKeySet {
  keys: PublicJwk[]
}

export interface TokenService {
  readonly issuer: string
  /** Signs an access token with the current key (header: alg EdDSA, kid, typ at+jwt). */
  sign(token: SignAccessToken): Promise<string>
  /**
   * Verifies an access token for one audience and returns its claims, or throws KINDRED_UNAUTHORIZED.
   * Verified tokens are cached until they expire: a caller that refuses tokens issued before some time
   * (an account whose sessions were ended) checks `iat` against it on every request.
   */
  verify(token: string, audience: string): Promise<AccessTokenClaims>
  /**
   * The pieces `verify` is made of, for a verifier of its own (the hub's @fastify/jwt registration): the
   * public key for a decoded header (refusing unknown kids and key-carrying headers), the fast-jwt options,
   * and the exact checks to run on the verified claims.
   */
  readonly verification: {
    publicKeyFor: (header: TokenHeader) => Promise<string>
    options: ReturnType<typeof accessTokenVerifierOptions>
    checkClaims: typeof checkAccessClaims
  }
  /** The public keys to verify tokens with: the current key and retired keys whose tokens may still live. */
  jwks(): Promise<JsonWebKeySet>
  /** Adds a new signing key (see rotateSigningKey) and signs with it from now on. */
  rotate(): Promise<{ kid: string }>
  /** A key for another purpose derived from the master key (see deriveKey), the same on every hub. */
  deriveKey(purpose: string): Buffer
}

export interface TokenServiceOptions {
  db: Kysely<HubDatabase>
  masterKey: Buffer
  /** The `iss` of every token; the same on every hub of a network. */
  issuer?: string
  /** Verified tokens kept in memory; 0 turns the cache off. */
  cacheSize?: number
  unknownKidReloadIntervalMs?: number
}

export const defaultIssuer = 'kindred'

const registeredClaims = new Set(['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti'])

/**
 * The hub's access tokens: signing, verification and the JWKS, over the signing keys in the hub database.
 * Creates the first signing key when there is none. Verification pins the algorithm (EdDSA), the issuer,
 * the audience and the type (`at+jwt`), requires iss, aud, sub, exp, iat and jti, and refuses tokens
 * older than 15 minutes whatever their `exp` says.
 *
 * @example
 * const tokens = await createTokenService({ db, masterKey })
 * const token = await tokens.sign({ subject: accountId, audience: hubAudience })
 * const claims = await tokens.verify(token, hubAudience)
 */
export async function createTokenService(options: TokenServiceOptions): Promise<TokenService> {
  const issuer = options.issuer ?? defaultIssuer
  await ensureSigningKey(options.db, options.masterKey)
  const store = await createKeyStore({
    db: options.db,
    masterKey: options.masterKey,
    unknownKidReloadIntervalMs: options.unknownKidReloadIntervalMs ?? 5000,
  })

  let signer: { kid: string; sign: (payload: Record<string, unknown>) => Promise<string> } | undefined
  const signerFor = async (): Promise<(payload: Record<string, unknown>) => Promise<string>> => {
    const key = await store.currentKey()
    if (signer?.kid !== key.kid) signer = { kid: key.kid, sign: createTokenSigner(key) }
    return signer.sign
  }

  const publicKeyFor = async (header: TokenHeader): Promise<string> => {
    if (carriesKey(header)) throw new Error('key-carrying header')
    const pem = typeof header.kid === 'string' ? await store.publicKeyPem(header.kid) : undefined
    if (pem === undefined) throw new Error('unknown kid')
    return pem
  }
  const verifierOptions = accessTokenVerifierOptions(issuer, options.cacheSize ?? 10_000)
  const verifyJwt = createVerifier({ ...verifierOptions, key: async ({ header }: { header: TokenHeader }) => publicKeyFor(header) })

  return {
    issuer,

    async sign({ subject, audience, lifetimeSeconds = maxAccessTokenLifetimeSeconds, claims = {}, minIssuedAt = 0 }) {
      const reserved = Object.keys(claims).find((name) => registeredClaims.has(name))
      if (reserved !== undefined) throw new TypeError(`The ${reserved} claim is set by the token service`)
      if (!kindredAudiencePattern.test(audience)) throw new TypeError(`"${audience}" is not a Kindred audience`)
      if (!(lifetimeSeconds > 0)) throw new RangeError('An access token lives a positive number of seconds')
      const now = Math.floor(Date.now() / 1000)
      if (!Number.isInteger(minIssuedAt) || minIssuedAt > now + clockToleranceSeconds) {
        throw new RangeError('minIssuedAt is whole seconds, at most the clock tolerance ahead')
      }
      const iat = Math.max(now, minIssuedAt)
      const exp = iat + Math.min(Math.floor(lifetimeSeconds), maxAccessTokenLifetimeSeconds)
      const sign = await signerFor()
      return sign({ ...claims, iss: issuer, aud: audience, sub: subject, iat, exp, jti: randomUUID() })
    },

    async verify(token, audience) {
      let claims: AccessTokenClaims
      try {
        claims = (await verifyJwt(token)) as AccessTokenClaims
      } catch (error) {
        const original = (error as { originalError?: unknown }).originalError
        // A key reload that failed because the database is down is an outage (503), not a bad token.
        if (isDatabaseUnavailable(original)) throw original
        throw unauthorized(error)
      }
      return { ...checkAccessClaims(claims, audience) }
    },

    verification: { publicKeyFor, options: verifierOptions, checkClaims: checkAccessClaims },

    async jwks() {
      return { keys: (await store.published()).map((key) => key.jwk) }
    },

    async rotate() {
      const rotated = await rotateSigningKey(options.db, options.masterKey)
      await store.reload()
      return rotated
    },

    deriveKey: (purpose) => deriveKey(options.masterKey, purpose),
  }
}
