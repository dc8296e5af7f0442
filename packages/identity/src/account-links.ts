import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { AccountLinkPurpose, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'

/** How long a mailed link works: a day to confirm an address, half an hour to choose a new password. */
export const accountLinkLifetimeSeconds: Readonly<Record<AccountLinkPurpose, number>> = {
  verify_email: 24 * 60 * 60,
  reset_password: 30 * 60,
}

/** A link as the account's mail carries it: its token, known only to that message. */
export interface IssuedLink {
  token: string
  expiresAt: Date
}

/** What a link proved, once redeemed. */
export interface RedeemedLink {
  accountId: string
  /** The address a `verify_email` link confirms; null for the other purposes. */
  email: string | null
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest()

// One refusal whatever the reason (unknown, used, expired, another purpose): a link is either good or not,
// and saying why would tell a guesser which tokens exist.
const invalidLink = (): KindredError => new KindredError('KINDRED_LINK_INVALID', 'This link is not valid any more: ask for a new one')

/**
 * Mints a single-use link for an account (32 random bytes, only their SHA-256 kept) that works for
 * `accountLinkLifetimeSeconds[purpose]`. A `verify_email` link names the address it confirms. Undefined
 * when the account no longer exists.
 *
 * @example const link = await issueAccountLink(db, { accountId, purpose: 'reset_password' }) // mail `${publicUrl}/password-reset/${link.token}`
 */
export async function issueAccountLink(
  db: Kysely<HubDatabase>,
  request: { accountId: string; purpose: AccountLinkPurpose; email?: string },
): Promise<IssuedLink | undefined> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + accountLinkLifetimeSeconds[request.purpose] * 1000)
  const row = await db
    .insertInto('hub.account_links')
    .columns(['id', 'account_id', 'purpose', 'token_hash', 'email', 'expires_at'])
    .expression((eb) =>
      eb
        .selectFrom('hub.accounts')
        .select([
          sql<string>`${randomUUID()}::uuid`.as('id'),
          'id as account_id',
          sql<AccountLinkPurpose>`${request.purpose}::text`.as('purpose'),
          sql<Buffer>`${hashOf(token)}::bytea`.as('token_hash'),
          sql<string | null>`${request.email ?? null}::text`.as('email'),
          sql<Date>`${expiresAt}::timestamptz`.as('expires_at'),
        ])
        .where('id', '=', request.accountId),
    )
    .returning('id')
    .executeTakeFirst()
  return row === undefined ? undefined : { token, expiresAt }
}

/**
 * The account a link of `purpose` names, while it is unused and unexpired, without using it: a page can
 * show the form a link leads to. 400 `KINDRED_LINK_INVALID` otherwise.
 *
 * @example const { accountId } = await checkAccountLink(db, 'reset_password', token)
 */
export async function checkAccountLink(db: Kysely<HubDatabase>, purpose: AccountLinkPurpose, token: string): Promise<RedeemedLink> {
  const row = await db
    .selectFrom('hub.account_links')
    .select(['account_id', 'email'])
    .where('token_hash', '=', hashOf(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  if (row === undefined) throw invalidLink()
  return { accountId: row.account_id, email: row.email }
}

/**
 * Uses a link of `purpose`, once: in the caller's transaction (`db`), so what the link does commits with
 * its use or not at all. 400 `KINDRED_LINK_INVALID` if it is unknown, of another purpose, used or expired;
 * of two concurrent uses, one wins.
 *
 * @example await db.transaction().execute(async (trx) => { const { accountId } = await redeemAccountLink(trx, 'reset_password', token); … })
 */
export async function redeemAccountLink(db: Kysely<HubDatabase>, purpose: AccountLinkPurpose, token: string): Promise<RedeemedLink> {
  const row = await db
    .updateTable('hub.account_links')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hashOf(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['account_id', 'email'])
    .executeTakeFirst()
  if (row === undefined) throw invalidLink()
  return { accountId: row.account_id, email: row.email }
}

/** Deletes the links that have expired: none of them can be used or checked again. */
export async function pruneAccountLinks(db: Kysely<HubDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('hub.account_links')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Ends the account's unused links of `purpose` (but those naming `keepEmail`) as if they had been used: a
 * link to an address since replaced, or asked for before a newer one, confirms nothing.
 *
 * @example await retireAccountLinks(trx, { accountId, purpose: 'verify_email' })
 */
export async function retireAccountLinks(
  db: Kysely<HubDatabase>,
  request: { accountId: string; purpose: AccountLinkPurpose; keepEmail?: string },
): Promise<void> {
  let retired = db
    .updateTable('hub.account_links')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', request.accountId)
    .where('purpose', '=', request.purpose)
    .where('used_at', 'is', null)
  if (request.keepEmail !== undefined) retired = retired.where('email', '<>', request.keepEmail)
  await retired.execute()
}
