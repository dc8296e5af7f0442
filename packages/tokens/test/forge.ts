// The forging helpers live in the test kit (test/support/forged-tokens.ts), where every suite reaches them.
export { currentPrivateKey, forge, forgeHs256 } from '@kindred/testkit'

/** Claims a valid hub token would carry, for `lifetime` seconds from now. */
export function validClaims(overrides: Record<string, unknown> = {}, lifetime = 600): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return { iss: 'kindred', aud: 'kindred:hub', sub: 'account-1', iat: now, exp: now + lifetime, jti: 'jti-1', ...overrides }
}
