import type { Kysely } from 'kysely'
import type { HubDatabase } from './hub-schema.ts'
import { createNotifiedCache } from './notified-cache.ts'
import type { NotificationHandlers, NotificationListener } from './notifications.ts'

/**
 * The channel the hub's triggers notify (migrations/hub/0014_account_changes): an account id when the
 * account, its disclosures or its memberships change; `*` when a community's name, status or location does.
 */
export const accountChangesChannel = 'kindred_account_changes'

/** What a cache of hub rows needs: the hub, a LISTEN on its changes, and its bounds. */
export interface HubCacheOptions {
  hub: Kysely<HubDatabase>
  /** Opens a LISTEN on the hub database's `accountChangesChannel`. */
  listen(handlers: NotificationHandlers): NotificationListener
  /** How long a value may be used at most, as a backstop; 0 turns the cache off. */
  ttlMs: number
  /** Groups (accounts, communities) kept at most, each with the values read for it. */
  maxEntries: number
}

/** Values read from the hub for an account, forgotten the moment the account (or any community) changes. */
export interface AccountCache<V> {
  /** The account's value `item` ('' when it has one), from memory while nothing of the account changed. */
  read(accountId: string, item: string, load: () => Promise<V>): Promise<V>
  /** Forgets the account at once, for the process that has just changed it (its notification follows). */
  forget(accountId: string): void
  close(): Promise<void>
}

/**
 * A notified cache of hub rows per account (see createNotifiedCache).
 *
 * @example const profiles = createAccountCache<AccountProfile>({ hub, listen, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createAccountCache<V>(options: HubCacheOptions): AccountCache<V> {
  const cache = createNotifiedCache<V>({
    listen: (_hub, handlers) => options.listen(handlers),
    ttlMs: options.ttlMs,
    maxGroups: options.maxEntries,
  })
  return {
    read: (accountId, item, load) => cache.read({ source: 'hub', group: accountId, item }, load),
    forget: (accountId) => {
      cache.forget('hub', accountId)
    },
    close: () => cache.close(),
  }
}
