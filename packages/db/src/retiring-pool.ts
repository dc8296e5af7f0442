import type { PostgresPool } from 'kysely'
import type pg from 'pg'

// The distinct statement texts each connection of a retiring client class has run.
const statementsRun = new WeakMap<pg.Client, Set<string>>()

/**
 * `base`, counting the distinct statement texts each of its connections runs. A PostgreSQL backend keeps
 * the catalog entries of every relation it has touched until it ends, and a tenant's statements name its
 * schema: distinct texts bound the tenants a connection can have cached, where repeating a statement adds
 * nothing. Pair it with `retiringPool`, which closes a connection once it has run `limit` of them.
 */
export function countingClient(base: typeof pg.Client): typeof pg.Client {
  return class extends base {
    override query(...args: unknown[]): never {
      const [first] = args
      const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text
      if (typeof text === 'string') {
        let texts = statementsRun.get(this)
        if (texts === undefined) statementsRun.set(this, (texts = new Set()))
        texts.add(text)
      }
      return (super.query as (...rest: unknown[]) => never)(...args)
    }
  }
}

/**
 * A pg pool of `countingClient` connections as Kysely's dialect takes it: a connection that has run
 * `limit` distinct statements (0: no limit) is closed when it comes back instead of being kept, so a pool
 * serving thousands of tenants keeps its backends' caches small while one busy tenant keeps its warm
 * connection (and its prepared statements) until the pool's own lifetime limit.
 *
 * @example new PostgresDialect({ pool: retiringPool(new pg.Pool({ Client: countingClient(pg.Client) }), 200) })
 */
export function retiringPool(pool: pg.Pool, limit: number): PostgresPool {
  const spent = (client: pg.PoolClient): boolean => limit > 0 && (statementsRun.get(client)?.size ?? 0) >= limit
  return {
    options: pool.options,
    connect: async () => {
      const client = await pool.connect()
      const release = client.release.bind(client)
      // `true` tells pg's pool to end the connection rather than keep it (Kysely passes it for a discarded one).
      client.release = (destroy?: Error | boolean) => release(destroy || spent(client))
      return client
    },
    end: () => pool.end(),
  }
}
