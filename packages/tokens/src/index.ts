export {
  createTokenService,
  defaultIssuer,
  type TokenService,
  type TokenServiceOptions,
  type SignAccessToken,
  type JsonWebKeySet,
} from './token-service.ts'
export { hubAudience, communityAudience } from './audiences.ts'
export { rotateSigningKey, ensureSigningKey } from './signing-keys.ts'
export { deriveKey, masterKeyLength } from './encryption.ts'
export { maxAccessTokenLifetimeSeconds } from './lifetimes.ts'
export type { AccessTokenClaims, TokenHeader } from './verification.ts'
