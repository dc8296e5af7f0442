import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import { KindredError } from '@kindred/errors'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` exempts a route (liveness) from 503 load shedding. */
    loadShedding?: boolean
  }
}

export interface LoadSheddingOptions {
  maxEventLoopDelayMs: number
  /** Requests that may queue for a pooled database connection before new requests are refused. */
  poolMaxWaiting: number
}

const retryAfterSeconds = 2

function overloaded(): KindredError {
  return new KindredError('KINDRED_OVERLOADED', 'The service is busy; try again shortly', { retryAfterSeconds })
}

const exempt = (request: FastifyRequest): boolean => request.routeOptions.config.loadShedding === false

// Shedding early with 503 keeps latency bounded for the requests already admitted, instead of letting
// every request slow down together until all of them time out.
async function loadShedding(app: FastifyInstance, options: LoadSheddingOptions): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    pressureHandler: async (request) => {
      if (!exempt(request)) throw overloaded()
    },
  })
  app.addHook('onRequest', async (request) => {
    if (!exempt(request) && app.database.pool.waitingCount > options.poolMaxWaiting) throw overloaded()
  })
}

export default fp(loadShedding, { name: 'kindred-load-shedding', dependencies: ['kindred-database'] })
