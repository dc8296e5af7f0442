import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { sessionsValidAfter } from './accounts.ts'

export interface SessionValidity {
  /**
   * True when an access token issued at `issuedAtSeconds` (its `iat`) still stands for the account: the
   * account exists and no password change, ban or erasure has ended its sessions since.
   */
  isCurrent(accountId: string, issuedAtSeconds: number): Promise<boolean>
  /** Drops what is cached for an account, for the process that has just ended its sessions. */
  forget(accountId: string): void
}

interface Entry {
  validAfterSeconds: number | undefined
  fetchedAt: number
}

/**
 * Checks tokens against each account's not-before time on every request, reading the database at most
 * once per account every `ttlMs`: a change takes effect at once where it was made (`forget`) and within
 * that time on every other hub. `iat` has
 * whole seconds, so the comparison does too: a token from the same second as the change still stands.
 */
export function createSessionValidity(db: Kysely<HubDatabase>, options: { ttlMs?: number; maxEntries?: number } = {}): SessionValidity {
  const ttlMs = options.ttlMs ?? 5000
  const maxEntries = options.maxEntries ?? 10_000
  const cache = new Map<string, Entry>()

  const validAfter = async (accountId: string): Promise<number | undefined> => {
    const cached = cache.get(accountId)
    if (cached !== undefined && Date.now() - cached.fetchedAt < ttlMs) return cached.validAfterSeconds
    const date = await sessionsValidAfter(db, accountId)
    cache.delete(accountId)
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value ?? '')
    const validAfterSeconds = date === undefined ? undefined : Math.floor(date.getTime() / 1000)
    cache.set(accountId, { validAfterSeconds, fetchedAt: Date.now() })
    return validAfterSeconds
  }

  return {
    async isCurrent(accountId, issuedAtSeconds) {
      const after = await validAfter(accountId)
      return after !== undefined && issuedAtSeconds >= after
    },
    forget(accountId) {
      cache.delete(accountId)
    },
  }
}
