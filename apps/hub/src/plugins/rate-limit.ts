import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit'
import type { RateLimitFamily, RateLimits } from '@kindred/config'
import { rateLimitCounter, type RateLimitCounter } from '@kindred/db'
import { rateLimited } from '@kindred/errors'

// @fastify/rate-limit keeps its counts in memory by default, per process: behind a load balancer each hub
// would allow the full limit again. Counting in PostgreSQL makes a limit hold across every hub process.
class PostgresRateLimitStore implements FastifyRateLimitStore {
  readonly #counter: RateLimitCounter
  readonly #prefix: string

  constructor(counter: RateLimitCounter, prefix = '') {
    this.#counter = counter
    this.#prefix = prefix
  }

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    this.#counter.count(`${this.#prefix}${key}`, timeWindow).then(
      (hit) => callback(null, { current: hit.hits, ttl: hit.resetsInMs }),
      (error: unknown) => callback(error as Error),
    )
  }

  // Called with a limit's merged options: for a route's `config.rateLimit`, the route is under
  // `routeInfo` (whatever the type declaration says) and counts under a key prefix of its own; a limit
  // made with `app.rateLimit()` belongs to no route, and its keys carry their own prefix.
  child(options: object): FastifyRateLimitStore {
    const route = (options as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo
    const prefix = route?.method === undefined ? '' : `${route.method.toString()} ${route.url ?? ''}|`
    return new PostgresRateLimitStore(this.#counter, prefix)
  }
}

/** One budget a request spends: at most `max` requests per `windowMs` for each key. */
interface Limit {
  max: number
  windowMs: number
  key: (request: FastifyRequest) => string | Promise<string>
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A preHandler applying every one of `limits` (e.g. per IP and per account) and refusing with 429
     * when any is exceeded, all counted in one statement. @fastify/rate-limit's own `app.rateLimit()`
     * applies only the first limit a request meets, so it cannot express "and".
     */
    rateLimits(...limits: Limit[]): (request: FastifyRequest) => Promise<void>
    /** The counters behind every limit, shared by all hubs (for limits a route counts itself, as sign-in does). */
    rateLimitCounter: RateLimitCounter
    /** Every family's configured limit (`config.limits`, from the `KINDRED_LIMIT_…` variables). */
    limits: RateLimits
    /**
     * A family's configured limit for `rateLimits`, counted under `<family>:<key>`: the key names whose
     * budget a request spends (an address, an account, a member), so the routes of a family share it.
     */
    limit(family: RateLimitFamily, key: (request: FastifyRequest) => string | Promise<string>): Limit
  }
}

/**
 * Rate limiting for the routes that ask for it (`config: { rateLimit: { max, timeWindow } }`, or
 * `preHandler: app.rateLimits(...)` for several limits at once), answered with 429 `KINDRED_RATE_LIMITED`
 * and `Retry-After`.
 */
async function rateLimiting(app: FastifyInstance, options: { limits: RateLimits; keySecret: Buffer }): Promise<void> {
  const counter = rateLimitCounter(app.database.db, options.keySecret)
  await app.register(rateLimit, {
    global: false,
    store: class extends PostgresRateLimitStore {
      constructor() {
        super(counter)
      }
    },
    errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000)),
  })
  app.decorate('rateLimitCounter', counter)
  app.decorate('limits', options.limits)
  app.decorate('limit', (family: RateLimitFamily, key: (request: FastifyRequest) => string | Promise<string>) => ({
    max: options.limits[family].max,
    windowMs: options.limits[family].windowMs,
    key: async (request: FastifyRequest) => `${family}:${await key(request)}`,
  }))
  app.decorate('rateLimits', (...limits: Limit[]) => async (request: FastifyRequest) => {
    const spent = await Promise.all(limits.map(async (limit) => ({ key: await limit.key(request), windowMs: limit.windowMs })))
    const hits = await counter.countAll(spent)
    // A request is refused once it exceeds a limit, and waits for the last of the windows it exceeds.
    const waits = limits.map((limit, index) => {
      const hit = hits[index]
      return hit !== undefined && hit.hits > limit.max ? Math.ceil(hit.resetsInMs / 1000) : 0
    })
    if (waits.some((wait) => wait > 0)) throw rateLimited(Math.max(...waits))
  })
}

export default fp(rateLimiting, { name: 'kindred-rate-limit', dependencies: ['kindred-database'] })
