import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/**
 * The account a pairwise member id belongs to, as the hub links them (whether or not the member has left);
 * undefined when the hub links no account to it. Only the hub can answer: a tenant never knows the account.
 *
 * @example const accountId = await accountOfMember(hub, memberId) // select account_id from hub.memberships where member_id = $1
 */
export async function accountOfMember(hub: Kysely<HubDatabase>, memberId: string): Promise<string | undefined> {
  const row = await hub.selectFrom('hub.memberships').select('account_id').where('member_id', '=', memberId).executeTakeFirst()
  return row?.account_id
}

export interface MemberAccounts {
  /** Like accountOfMember, from memory once read. */
  find(memberId: string): Promise<string | undefined>
}

export interface MemberAccountsOptions {
  hub: Kysely<HubDatabase>
  /** Links kept at most; the oldest go first. */
  maxEntries: number
  /** False: every lookup reads the hub (the caches are off). */
  enabled: boolean
}

/**
 * Member ids' accounts kept in memory, so that a community request can check its token against the
 * account's sessions without a query. Nothing needs to be heard to keep them true: a link never changes
 * once made (a member id is random per account and community and never reused; leaving keeps the link,
 * rejoining restores it) and goes only with the account, whose sessions are then gone too. A member id
 * without a link is not kept.
 *
 * @example const memberAccounts = createMemberAccounts({ hub, maxEntries: 100_000, enabled: true })
 */
export function createMemberAccounts(options: MemberAccountsOptions): MemberAccounts {
  const known = new Map<string, string>()
  return {
    async find(memberId) {
      const kept = known.get(memberId)
      if (kept !== undefined) return kept
      const accountId = await accountOfMember(options.hub, memberId)
      if (accountId === undefined || !options.enabled) return accountId
      // Oldest first out: a Map iterates in insertion order.
      if (known.size >= options.maxEntries) known.delete(known.keys().next().value ?? '')
      known.set(memberId, accountId)
      return accountId
    },
  }
}
