import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'

/** What a client keeps to stay signed in: an opaque refresh token, valid until its family expires. */
export interface SessionGrant {
  refreshToken: string
  familyId: string
  expiresAt: Date
  /**
   * When the grant counts as issued: now, or the account's not-before time if that is later (a password
   * change ends the tokens of its whole second). Access tokens handed out with it are issued no earlier.
   */
  issuedAt: Date
}

/** How long a session lasts at most from sign-in, however often it is refreshed. */
export const sessionLifetimeSeconds = 30 * 24 * 60 * 60

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest()

const sessionInvalid = (): KindredError => new KindredError('KINDRED_SESSION_INVALID', 'The session has ended; sign in again')

// Issued no earlier than the account's not-before time, which may lie up to a second ahead: tokens have whole
// seconds, so ending sessions ends the whole current second, and a grant made in it must still stand.
async function issue(db: Kysely<HubDatabase>, accountId: string, familyId: string, expiresAt: Date): Promise<SessionGrant> {
  const refreshToken = randomBytes(32).toString('base64url')
  const row = await db
    .insertInto('hub.refresh_tokens')
    .columns(['id', 'family_id', 'account_id', 'token_hash', 'family_expires_at', 'issued_at'])
    .expression((eb) =>
      eb
        .selectFrom('hub.accounts')
        .select([
          sql<string>`${randomUUID()}::uuid`.as('id'),
          sql<string>`${familyId}::uuid`.as('family_id'),
          'id as account_id',
          sql<Buffer>`${hashOf(refreshToken)}::bytea`.as('token_hash'),
          sql<Date>`${expiresAt}::timestamptz`.as('family_expires_at'),
          sql<Date>`greatest(now(), sessions_valid_after)`.as('issued_at'),
        ])
        .where('id', '=', accountId),
    )
    .returning('issued_at')
    .executeTakeFirst()
  if (row === undefined) throw sessionInvalid()
  return { refreshToken, familyId, expiresAt, issuedAt: row.issued_at }
}

/** Starts a session (a new token family) for an account that has just proven who it is. */
export async function startSession(db: Kysely<HubDatabase>, accountId: string, lifetimeSeconds: number): Promise<SessionGrant> {
  return issue(db, accountId, randomUUID(), new Date(Date.now() + lifetimeSeconds * 1000))
}

type Rotation = { outcome: 'rotated'; accountId: string; grant: SessionGrant } | { outcome: 'refused' }

/**
 * Exchanges a refresh token for the next one in its family. The presented token stops working. A token
 * presented a second time means someone else holds a copy: the whole family is revoked (the revocation is
 * committed before the refusal), so neither the thief nor the owner can go on with it.
 */
export async function rotateSession(db: Kysely<HubDatabase>, presented: string): Promise<{ accountId: string; grant: SessionGrant }> {
  const result = await db.transaction().execute(async (trx): Promise<Rotation> => {
    const row = await trx
      .selectFrom('hub.refresh_tokens as token')
      .innerJoin('hub.accounts as account', 'account.id', 'token.account_id')
      .select(['token.id', 'token.family_id', 'token.account_id', 'token.family_expires_at', 'token.used_at', 'token.revoked_at'])
      .select(sql<boolean>`token.issued_at < account.sessions_valid_after`.as('ended_by_account'))
      .where('token.token_hash', '=', hashOf(presented))
      .forUpdate()
      .executeTakeFirst()
    if (row === undefined || row.revoked_at !== null) return { outcome: 'refused' }
    if (row.used_at !== null) {
      await revokeFamily(trx, row.family_id)
      return { outcome: 'refused' }
    }
    if (row.ended_by_account || row.family_expires_at.getTime() <= Date.now()) return { outcome: 'refused' }
    await trx.updateTable('hub.refresh_tokens').set({ used_at: new Date() }).where('id', '=', row.id).execute()
    const grant = await issue(trx, row.account_id, row.family_id, row.family_expires_at)
    return { outcome: 'rotated', accountId: row.account_id, grant }
  })
  if (result.outcome === 'refused') throw sessionInvalid()
  return { accountId: result.accountId, grant: result.grant }
}

/**
 * Ends the session a refresh token belongs to (its whole family) and says whose it was, so that the caller
 * can refuse the session's access tokens too (they carry its id as `sid`). Ending an unknown session is
 * not an error.
 */
export async function endSession(
  db: Kysely<HubDatabase>,
  presented: string,
): Promise<{ accountId: string; sessionId: string } | undefined> {
  const row = await db
    .selectFrom('hub.refresh_tokens')
    .select(['family_id', 'account_id'])
    .where('token_hash', '=', hashOf(presented))
    .executeTakeFirst()
  if (row === undefined) return undefined
  await revokeFamily(db, row.family_id)
  return { accountId: row.account_id, sessionId: row.family_id }
}

/**
 * Ends every session of an account at once (password change, ban, erasure): its refresh tokens are
 * revoked and any token issued before now is refused from here on.
 */
export async function endAllSessions(db: Kysely<HubDatabase>, accountId: string): Promise<void> {
  await db.transaction().execute((trx) => revokeAllSessions(trx, accountId))
}

/**
 * The two writes of endAllSessions, for a caller that makes them part of its own transaction. Token times
 * have whole seconds, so tokens issued earlier in this very second are refused too: the account's tokens
 * are valid from the start of the next second. A session started meanwhile (a password change hands its
 * client a new one in the same breath) counts as issued then (`SessionGrant.issuedAt`).
 */
export async function revokeAllSessions(trx: Kysely<HubDatabase>, accountId: string): Promise<void> {
  const validAfter = sql<Date>`date_trunc('second', now()) + interval '1 second'`
  await trx.updateTable('hub.accounts').set({ sessions_valid_after: validAfter }).where('id', '=', accountId).execute()
  await trx
    .updateTable('hub.refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute()
}

/**
 * How long past its expiry a revoked token is remembered: verifiers accept a token up to 5 s past its `exp`
 * (clock tolerance), so its row must outlive that.
 */
export const revokedTokenMargin = sql`interval '1 minute'`

/**
 * What a community token switched from a hub token carries to tie it to that hub token's session (claim
 * `sid`), so that signing out refuses them too: a digest of the session's id (the hub token's `sid`; its
 * `jti` for a token from before sessions were named in tokens) and the community, different in every
 * community and revealing neither, since a community may see its tokens but never the hub token (both ids
 * are random: nothing to guess).
 *
 * @example const sid = switchedSessionId(hubClaims.sid, 'fop') // base64url SHA-256 of `<sid> fop`
 */
export function switchedSessionId(hubSessionId: string, slug: string): string {
  return createHash('sha256').update(`${hubSessionId} ${slug}`).digest('base64url')
}

/**
 * Refuses one hub access token from now on, on every hub (signing out), and every community token switched
 * from it; or, given a session's id as `jti`, every access token of that session (they carry it as `sid`)
 * and every community token switched from them. The id (until `expiresAt`), and its `switchedSessionId` in
 * each community the account is linked to (until `communityTokensExpireAt`, the latest a token switched
 * from it can expire), are recorded against its account; the
 * inserts' trigger names the account to every hub (migrations/hub/0017), whose session validity cache then
 * reads the account again. Revoking a token twice, or one whose account no longer exists, changes nothing;
 * the account's rows of tokens long expired go on the way. Run it in a transaction (signing out ends the
 * session in the same one), so the account cannot be erased between its check and the insert.
 *
 * @example await revokeAccessToken(db, { accountId, jti: claims.jti, expiresAt: new Date(claims.exp * 1000), communityTokensExpireAt })
 */
export async function revokeAccessToken(
  db: Kysely<HubDatabase>,
  token: { accountId: string; jti: string; expiresAt: Date; communityTokensExpireAt: Date },
): Promise<void> {
  await db
    .deleteFrom('hub.revoked_access_tokens')
    .where('account_id', '=', token.accountId)
    .where('expires_at', '<', sql<Date>`now() - ${revokedTokenMargin}`)
    .execute()
  const communities = await db
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .select('community.slug')
    .where('membership.account_id', '=', token.accountId)
    .execute()
  const revoked = [
    { jti: token.jti, expires_at: token.expiresAt },
    ...communities.map(({ slug }) => ({ jti: switchedSessionId(token.jti, slug), expires_at: token.communityTokensExpireAt })),
  ]
  // The account's row is locked for the caller's transaction: an account erased meanwhile inserts nothing.
  const account = await db.selectFrom('hub.accounts').select('id').where('id', '=', token.accountId).forShare().executeTakeFirst()
  if (account === undefined) return
  await db
    .insertInto('hub.revoked_access_tokens')
    .values(revoked.map((row) => ({ account_id: account.id, ...row })))
    .onConflict((conflict) => conflict.doNothing())
    .execute()
}

async function revokeFamily(db: Kysely<HubDatabase>, familyId: string): Promise<void> {
  await db
    .updateTable('hub.refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute()
}
