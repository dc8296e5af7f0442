import type { FastifyInstance, FastifyRequest } from 'fastify'
import { KindredError } from '@kindred/errors'
import { endSession, revokeAccessToken } from '@kindred/identity'
import { maxAccessTokenLifetimeSeconds } from '@kindred/tokens'
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
 * Signs out: ends the session of `refreshToken` (its whole family) and refuses every access token handed
 * out in it (they name it as `sid`, and live at most `maxAccessTokenLifetimeSeconds` more) with the
 * community tokens switched from them, and the hub access token the request carries (it may be of another
 * session, or from before tokens named theirs), all in one transaction. Every hub refuses them from the
 * commit on (the trigger of migrations/hub/0017 names the account to them); this one forgets the account
 * at once.
 */
export async function signOut(app: FastifyInstance, request: FastifyRequest, refreshToken: string): Promise<void> {
  const presented = await presentedAccessToken(request)
  const accounts = await app.database.db.transaction().execute(async (trx) => {
    const ended = await endSession(trx, refreshToken)
    if (ended !== undefined) await revokeAccessToken(trx, { accountId: ended.accountId, jti: ended.sessionId, ...expiryFromNow() })
    if (presented !== undefined) await revokeAccessToken(trx, presented)
    return [ended?.accountId, presented?.accountId]
  })
  for (const accountId of new Set(accounts)) if (accountId !== undefined) app.sessionValidity.forget(accountId)
}

// The latest the session's access tokens, and the community tokens switched from them, can expire.
function expiryFromNow(): { expiresAt: Date; communityTokensExpireAt: Date } {
  const expiresAt = new Date(Date.now() + maxAccessTokenLifetimeSeconds * 1000)
  return { expiresAt, communityTokensExpireAt: new Date(expiresAt.getTime() + communityTokenLifetimeSeconds * 1000) }
}
