import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/** A browser's session as the site's cookie names it: its token, kept by the browser only. */
export interface WebSessionGrant {
  token: string
  sessionId: string
  expiresAt: Date
}

/** The session a cookie's token names, while it has not expired nor been ended. */
export interface WebSession {
  sessionId: string
  accountId: string
  /** When the session began, no earlier than the account's not-before time: compared with it on every request. */
  issuedAt: Date
  expiresAt: Date
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest()

/**
 * Starts a browser session for an account that has just proven who it is. Issued no earlier than the
 * account's not-before time (as access tokens are), so a password change in this very second cannot end it.
 * Nothing is started for an account that no longer exists.
 *
 * @example const { token, expiresAt } = await startWebSession(db, accountId, sessionLifetimeSeconds)
 */
export async function startWebSession(
  db: Kysely<HubDatabase>,
  accountId: string,
  lifetimeSeconds: number,
): Promise<WebSessionGrant | undefined> {
  const token = randomBytes(32).toString('base64url')
  const sessionId = randomUUID()
  const expiresAt = new Date(Date.now() + lifetimeSeconds * 1000)
  const row = await db
    .insertInto('hub.web_sessions')
    .columns(['id', 'token_hash', 'account_id', 'issued_at', 'expires_at'])
    .expression((eb) =>
      eb
        .selectFrom('hub.accounts')
        .select([
          sql<string>`${sessionId}::uuid`.as('id'),
          sql<Buffer>`${hashOf(token)}::bytea`.as('token_hash'),
          'id as account_id',
          sql<Date>`greatest(now(), sessions_valid_after)`.as('issued_at'),
          sql<Date>`${expiresAt}::timestamptz`.as('expires_at'),
        ])
        .where('id', '=', accountId),
    )
    .returning('id')
    .executeTakeFirst()
  return row === undefined ? undefined : { token, sessionId, expiresAt }
}

/**
 * The unexpired session of a cookie's token, or undefined. Whether the account has ended its sessions since
 * (password change, ban, erasure), or signed this one out, is the session validity cache's to say, with
 * `issuedAt` and `sessionId`.
 *
 * @example const session = await findWebSession(db, cookieToken)
 */
export async function findWebSession(db: Kysely<HubDatabase>, token: string): Promise<WebSession | undefined> {
  const row = await db
    .selectFrom('hub.web_sessions')
    .select(['id', 'account_id', 'issued_at', 'expires_at'])
    .where('token_hash', '=', hashOf(token))
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { sessionId: row.id, accountId: row.account_id, issuedAt: row.issued_at, expiresAt: row.expires_at }
}

/**
 * Ends the session of a cookie's token (signing out): its row goes, and its id joins the account's revoked
 * tokens, whose trigger tells every hub at commit (migrations/hub/0017), so a hub that keeps sessions in
 * memory refuses it at once too. Ending a session that is already gone changes nothing.
 *
 * @example await endWebSession(db, cookieToken)
 */
export async function endWebSession(db: Kysely<HubDatabase>, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx
      .deleteFrom('hub.web_sessions')
      .where('token_hash', '=', hashOf(token))
      .returning(['id', 'account_id', 'expires_at'])
      .executeTakeFirst()
    if (ended === undefined) return
    // Selected from the account, so an account erased meanwhile records nothing (and breaks no foreign key).
    await trx
      .insertInto('hub.revoked_access_tokens')
      .columns(['account_id', 'jti', 'expires_at'])
      .expression((eb) =>
        eb
          .selectFrom('hub.accounts')
          .select([
            'id as account_id',
            sql<string>`${ended.id}::text`.as('jti'),
            sql<Date>`${ended.expires_at}::timestamptz`.as('expires_at'),
          ])
          .where('id', '=', ended.account_id),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute()
  })
}

/** Deletes the browser sessions that have expired; returns how many. */
export async function pruneWebSessions(db: Kysely<HubDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('hub.web_sessions')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
