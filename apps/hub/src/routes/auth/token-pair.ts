import type { FastifyInstance } from 'fastify'
import type { SessionGrant } from '@kindred/identity'
import { hubAudience, maxAccessTokenLifetimeSeconds } from '@kindred/tokens'

/**
 * The answer to a registration, a sign-in or a refresh: a hub access token and the session's next refresh
 * token. The access token names its session (`sid`), so that signing out refuses every access token of the
 * session, and is issued no earlier than the grant, which may count as issued a moment ahead (a password
 * change ends the tokens of its whole second).
 */
export async function tokenPair(app: FastifyInstance, accountId: string, session: SessionGrant) {
  const accessToken = await app.tokens.sign({
    subject: accountId,
    audience: hubAudience,
    lifetimeSeconds: maxAccessTokenLifetimeSeconds,
    claims: { sid: session.familyId },
    minIssuedAt: Math.floor(session.issuedAt.getTime() / 1000),
  })
  return { tokenType: 'Bearer' as const, accessToken, expiresIn: maxAccessTokenLifetimeSeconds, refreshToken: session.refreshToken }
}
