import type { VerifierOptions } from 'fast-jwt'
import { KindredError } from '@kindred/errors'
import { kindredAudiencePattern } from './audiences.ts'
import { clockToleranceSeconds, maxAccessTokenLifetimeSeconds } from './lifetimes.ts'

/** The claims of a verified access token: the registered ones, then whatever extra claims it was signed with. */
export interface AccessTokenClaims {
  iss: string
  aud: string
  sub: string
  iat: number
  exp: number
  jti: string
  [claim: string]: unknown
}

/** A decoded JOSE header, before its signature is checked. */
export type TokenHeader = Record<string, unknown>

// A verifier must never fetch or take a key from the token itself.
const keyCarryingHeaders = ['jku', 'jwk', 'x5u', 'x5c']

/** True when the header names where to find a key, or carries one: such a token is refused outright. */
export const carriesKey = (header: TokenHeader): boolean => keyCarryingHeaders.some((name) => name in header)

export const unauthorized = (cause?: unknown): KindredError =>
  new KindredError('KINDRED_UNAUTHORIZED', 'Invalid or expired token', { cause })

/** The oldest a token may be, by its `iat`, whatever its `exp` says: the longest lifetime and the clock tolerance. */
export const maxAccessTokenAgeSeconds = maxAccessTokenLifetimeSeconds + clockToleranceSeconds

/**
 * fast-jwt verifier options for Kindred access tokens, without the key: EdDSA only, this issuer, any Kindred
 * audience (the exact one is checked by `checkAccessClaims`), type `at+jwt`, the registered claims required,
 * and no token older than 15 minutes whatever its `exp` says. Verified tokens are cached until they expire.
 * Times are fast-jwt's milliseconds; a wrapper that reads them in other units (@fastify/jwt takes a number
 * as seconds) must be given them in its own.
 */
export function accessTokenVerifierOptions(issuer: string, cacheSize: number): Partial<VerifierOptions> {
  return {
    algorithms: ['EdDSA'],
    allowedIss: issuer,
    allowedAud: kindredAudiencePattern,
    requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat', 'jti'],
    checkTyp: 'at+jwt',
    maxAge: maxAccessTokenAgeSeconds * 1000,
    clockTolerance: clockToleranceSeconds * 1000,
    cache: cacheSize,
  }
}

/**
 * The checks fast-jwt cannot make with one verifier for every audience: the exact audience, a non-empty
 * subject and token id, and an `iat` neither in the future nor older than `maxAccessTokenAgeSeconds`. Runs
 * on every request, cached tokens included. The age is checked here too, not only by the verifier's
 * `maxAge`: a verifier that misreads its unit (the hub's once took milliseconds for seconds, and accepted
 * tokens for ten days) or a cache kept until `exp` still cannot let an old token through.
 */
export function checkAccessClaims(claims: AccessTokenClaims, audience: string): AccessTokenClaims {
  const now = Date.now() / 1000
  const issuedWithinAge = claims.iat <= now + clockToleranceSeconds && claims.iat >= now - maxAccessTokenAgeSeconds
  if (
    claims.aud !== audience ||
    typeof claims.sub !== 'string' ||
    claims.sub === '' ||
    typeof claims.jti !== 'string' ||
    !issuedWithinAge
  ) {
    throw unauthorized()
  }
  return claims
}
