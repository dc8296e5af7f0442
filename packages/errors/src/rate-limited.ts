import { KindredError } from './kindred-error.ts'

/**
 * The 429 of every rate limit, whether a hub's counters or a community's write budgets refused: the same
 * code and `Retry-After` (at least a second), so a client treats them alike.
 *
 * @example throw rateLimited(42) // 429 KINDRED_RATE_LIMITED, Retry-After: 42
 */
export const rateLimited = (retryAfterSeconds: number): KindredError =>
  new KindredError('KINDRED_RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} seconds`, {
    retryAfterSeconds: Math.max(1, retryAfterSeconds),
  })
