import { createAccountCache, type HubCacheOptions } from '@kindred/db'
import { sessionsValidAfter } from './accounts.ts'

export interface SessionValidity {
  /**
   * True when an access token issued at `issuedAtSeconds` (its `iat`) still stands for the account: the
   * account exists and no password change, ban or erasure has ended its sessions since.
   */
  isCurrent(accountId: string, issuedAtSeconds: number): Promise<boolean>
  /** Drops what is cached for an account, for the process that has just ended its sessions. */
  forget(accountId: string): void
  close(): Promise<void>
}

/**
 * Checks tokens against each account's not-before time on every request, from memory while the account's
 * row has not changed: the hub's trigger on accounts (migrations/hub/0014) tells every hub the moment a
 * password change, ban or erasure commits, and the hub that made it forgets at once. `iat` has whole
 * seconds, so the comparison does too: a token from the same second as the change still stands.
 *
 * @example const validity = createSessionValidity({ hub, listen, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createSessionValidity(options: HubCacheOptions): SessionValidity {
  const cache = createAccountCache<number | undefined>(options)
  const validAfter = (accountId: string): Promise<number | undefined> =>
    cache.read(accountId, '', async () => {
      const date = await sessionsValidAfter(options.hub, accountId)
      return date === undefined ? undefined : Math.floor(date.getTime() / 1000)
    })

  return {
    async isCurrent(accountId, issuedAtSeconds) {
      const after = await validAfter(accountId)
      return after !== undefined && issuedAtSeconds >= after
    },
    forget(accountId) {
      cache.forget(accountId)
    },
    close: () => cache.close(),
  }
}
