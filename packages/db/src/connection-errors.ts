/** The SQLSTATE the write fence of a community being moved raises (class K: implementation-defined). */
export const communityMovingCode = 'KM503'

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
  // read_only_sql_transaction: a write reached a server that cannot take it yet, as a replica just promoted
  // by Patroni stays read-only for a second or three while its proxy already routes writes to it. Worth a retry.
  '25006',
  // A community being moved to another placement refuses writes on its old copy for the seconds of the
  // cut-over (the write fence of @kindred/tenancy's moveCommunity); on retry they reach the new copy.
  communityMovingCode,
])

// node-postgres reports some losses only as messages, without a code.
const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
]

/**
 * True when an error means the database cannot serve the query right now (down, restarting, refusing
 * connections, not yet writable after a failover), as opposed to a query that is wrong. The HTTP layer
 * answers these with 503 and a Retry-After.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && unavailableCodes.has(code)) return true
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable)
  return unavailableMessages.some((message) => error.message.includes(message))
}
