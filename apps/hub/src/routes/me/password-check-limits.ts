import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * The limits of the routes that check the account's password (changing it, erasing the account), one
 * budget for both: per address, and per account, so that a stolen access token used from many addresses
 * cannot guess the password either.
 */
export function passwordCheckLimits(app: FastifyInstance): (request: FastifyRequest) => Promise<void> {
  return app.rateLimits(
    app.limit('passwordCheckPerAddress', (request) => request.ip),
    app.limit('passwordCheckPerAccount', (request) => request.currentAccountId()),
  )
}
