import type { FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route that changes nothing although its method is not a read (switching community). */
    changesNothing?: boolean
  }
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a request changes nothing: it may be answered from what the hub keeps in memory, and it is
 * allowed on an archived community.
 */
export const changesNothing = (request: FastifyRequest): boolean =>
  readMethods.has(request.method) || request.routeOptions.config.changesNothing === true
