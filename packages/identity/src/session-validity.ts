import { sql, type Kysely } from 'kysely'
import { createAccountCache, type HubCacheOptions, type HubDatabase } from '@kindred/db'
import { revokedTokenMargin } from './sessions.ts'

export interface SessionValidity {
  /**
   * True when an access token issued at `issuedAtSeconds` (its `iat`) still stands for the account: the
   * account exists, no password change, ban or erasure has ended its sessions since, and signing out has
   * revoked none of `tokenIds` (its `jti`, and for a community token the `sid` of the hub token it was
   * switched from).
   */
  isCurrent(accountId: string, issuedAtSeconds: number, tokenIds?: readonly string[]): Promise<boolean>
  /** Drops what is cached for an account, for the process that has just ended its sessions or revoked a token. */
  forget(accountId: string): void
  close(): Promise<void>
}

/** What decides whether an account's tokens stand: its not-before time (whole seconds) and its revoked token ids. */
interface Validity {
  after: number
  revoked: ReadonlySet<string>
}

async function readValidity(hub: Kysely<HubDatabase>, accountId: string): Promise<Validity | undefined> {
  const row = await hub
    .selectFrom('hub.accounts as account')
    .select('account.sessions_valid_after')
    .select(
      sql<string[]>`array(select revoked.jti from hub.revoked_access_tokens revoked
        where revoked.account_id = account.id and revoked.expires_at > now() - ${revokedTokenMargin})`.as('revoked'),
    )
    .where('account.id', '=', accountId)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return { after: Math.floor(row.sessions_valid_after.getTime() / 1000), revoked: new Set(row.revoked) }
}

/**
 * Checks tokens against each account's not-before time and revoked tokens on every request, from memory
 * while the account has not changed: the hub's triggers (migrations/hub/0014 on accounts, hub/0017 on
 * revoked tokens) tell every hub the moment a password change, ban, erasure or sign-out commits, and the
 * hub that made it forgets at once. `iat` has whole seconds, so the comparison does too: a token from the
 * same second as the change still stands.
 *
 * @example const validity = createSessionValidity({ hub, listen, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createSessionValidity(options: HubCacheOptions): SessionValidity {
  const cache = createAccountCache<Validity | undefined>(options)

  return {
    async isCurrent(accountId, issuedAtSeconds, tokenIds = []) {
      const validity = await cache.read(accountId, '', () => readValidity(options.hub, accountId))
      if (validity === undefined || issuedAtSeconds < validity.after) return false
      return !tokenIds.some((id) => validity.revoked.has(id))
    },
    forget(accountId) {
      cache.forget(accountId)
    },
    close: () => cache.close(),
  }
}
