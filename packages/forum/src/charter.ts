import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { announceMemberChanges, spendBudgets, type TenantHandle, type TenantQuery, type CommunityActor } from '@kindred/community'

export interface CharterInForce {
  version: number
  text: string
  publishedAt: Date
}

/**
 * The latest charter version copied into the community: the one members must have accepted to post.
 *
 * @example const charter = await charterInForce(tenant) // { version: 1, text: '…', publishedAt }
 */
export async function charterInForce(tenant: TenantHandle): Promise<CharterInForce | undefined> {
  const row = await tenant.query
    .selectFrom('charter')
    .select(['version', 'text', 'published_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : { version: row.version, text: row.text, publishedAt: row.published_at }
}

export const charterAcceptanceRequired = (): KindredError =>
  new KindredError('KINDRED_CHARTER_ACCEPTANCE_REQUIRED', 'Accept the charter in force before posting (POST …/charter/accept)')

/**
 * Refuses with 403 `KINDRED_CHARTER_ACCEPTANCE_REQUIRED` a member who has not accepted the charter in
 * force (a founding member who has not joined yet, or anyone after a new version was copied in).
 *
 * @example await assertCharterAccepted(actor) // before any post, thread or reaction
 */
export async function assertCharterAccepted(actor: CommunityActor): Promise<void> {
  const current = await charterInForce(actor.tenant)
  if (current !== undefined && actor.member.charterVersion === current.version) return
  throw charterAcceptanceRequired()
}

/**
 * The rule of assertCharterAccepted as one row (`accepted`) for a write's own statement, which writes only
 * when it is true: the check costs no round trip of its own and reads the charter's latest version from
 * its primary key, never its text. False when the community has no charter, as assertCharterAccepted.
 *
 * @example db.with('acceptance', (db) => charterAccepted(db, actor.member.charterVersion))
 * -- with "acceptance" as (select coalesce(max(version) = $1::int, false) as "accepted" from "tenant_7"."charter")
 */
export function charterAccepted(db: TenantQuery, charterVersion: number | null) {
  return db.selectFrom('charter').select(sql<boolean>`coalesce(max(version) = ${charterVersion}::int, false)`.as('accepted'))
}

/**
 * Records the member's acceptance of the charter in force, spending the member's posts budget (429 once it
 * is exceeded); any other version is 409
 * `KINDRED_CHARTER_VERSION_MISMATCH` (accepting an old one would mean nothing).
 *
 * @example await acceptCharter(actor, 2)
 */
export async function acceptCharter(actor: CommunityActor, version: number): Promise<number> {
  await spendBudgets(actor, ['posts'])
  const current = await charterInForce(actor.tenant)
  if (current === undefined || current.version !== version) {
    throw new KindredError('KINDRED_CHARTER_VERSION_MISMATCH', 'That is not the charter version in force')
  }
  await actor.tenant.transaction(async (trx) => {
    await trx
      .updateTable('members')
      .set({ charter_version: version, charter_accepted_at: new Date() })
      .where('member_id', '=', actor.member.memberId)
      .execute()
    await announceMemberChanges(trx, actor.tenant.schema, [actor.member.memberId])
  })
  return version
}
