import type { FastifyRequest } from 'fastify'

/**
 * Route options for the pages a mailed link opens, whose path holds the link's token: their requests are
 * logged with the route's pattern (`/password-reset/:token`) in place of the address, so no log line holds
 * a token that may still work. (Query values are redacted for every route; paths are not.)
 *
 * @example app.get('/password-reset/:token', { ...tokenInPath, schema }, handler)
 */
export const tokenInPath = {
  logSerializers: {
    req: (request: FastifyRequest) => ({
      id: request.id,
      method: request.method,
      url: request.routeOptions.url,
      remoteAddress: request.socket.remoteAddress,
    }),
  },
}
