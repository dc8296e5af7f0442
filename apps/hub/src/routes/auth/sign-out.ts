import type { FastifyInstance, FastifyRequest } from 'fastify'
import { KindredError } from '@kindred/errors'
import { endSession, revokeAccessToken } from '@kindred/identity'
import { subjectId } from '../../plugins/tokens.ts'
import { communityTokenLifetimeSeconds } from './switch.ts'

interface PresentedToken {
  accountId: string
  jti: string
  expiresAt: Date
  /** The latest a community token switched from it can expire. */
  communityTokensExpireAt: Date
}

// The hub access token a client signs out with, if it sent a valid one. One that is absent, invalid or
// expired needs no revoking, and must not keep the session from ending: a client often signs out after
// its access token has run out.
async function presentedAccessToken(request: FastifyRequest): Promise<PresentedToken | undefined> {
  if (request.headers.authorization === undefined) return undefined
  try {
    const claims = await request.verifyAccessToken()
    const expiresAt = new Date(claims.exp * 1000)
    const communityTokensExpireAt = new Date(expiresAt.getTime() + communityTokenLifetimeSeconds * 1000)
    return { accountId: subjectId(claims), jti: claims.jti, expiresAt, communityTokensExpireAt }
  } catch (error) {
    if (error instanceof KindredError && error.code === 'KINDRED_UNAUTHORIZED') return undefined
    throw error
  }
}

/**
 * Signs out: ends the session of `refreshToken` (its whole family) and revokes the hub access token the
 * request carries, with the community tokens switched from it, in one transaction. Every hub refuses them
 * from the commit on (the trigger of migrations/hub/0017 names the account to them); this one forgets the
 * account at once.
 */
export async function signOut(app: FastifyInstance, request: FastifyRequest, refreshToken: string): Promise<void> {
  const presented = await presentedAccessToken(request)
  await app.database.db.transaction().execute(async (trx) => {
    await endSession(trx, refreshToken)
    if (presented !== undefined) await revokeAccessToken(trx, presented)
  })
  if (presented !== undefined) app.sessionValidity.forget(presented.accountId)
}
