import { createAccountCache, type HubCacheOptions } from '@kindred/db'
import { accountProfile, type AccountProfile } from './profile.ts'

export interface ProfileCache {
  /** The account's profile (see accountProfile), from memory while nothing of it has changed. */
  find(accountId: string): Promise<AccountProfile>
  /** Forgets the account at once, for the process that has just changed it (its notification follows). */
  forget(accountId: string): void
  close(): Promise<void>
}

/**
 * Account profiles kept in memory: `GET /v1/me` runs on every page a client opens. The hub's triggers
 * (migrations/hub/0014) name the account whenever its row, disclosures or memberships change, and every
 * account when a community is renamed, archived or moved.
 *
 * @example const profiles = createProfileCache({ hub, listen, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createProfileCache(options: HubCacheOptions): ProfileCache {
  const cache = createAccountCache<AccountProfile>(options)
  return {
    find: (accountId) => cache.read(accountId, '', () => accountProfile(options.hub, accountId)),
    forget: (accountId) => {
      cache.forget(accountId)
    },
    close: () => cache.close(),
  }
}
