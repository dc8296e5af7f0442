import type { FastifyInstance } from 'fastify'
import type { SessionGrant } from '@kindred/identity'
import { hubAudience, maxAccessTokenLifetimeSeconds } from '@kindred/tokens'

/** The answer to a registration, a sign-in or a refresh: a hub access token and the session's next refresh token. */
export async function tokenPair(app: FastifyInstance, accountId: string, session: SessionGrant) {
  const accessToken = await app.tokens.sign({ subject: accountId, audience: hubAudience, lifetimeSeconds: maxAccessTokenLifetimeSeconds })
  return { tokenType: 'Bearer' as const, accessToken, expiresIn: maxAccessTokenLifetimeSeconds, refreshToken: session.refreshToken }
}
