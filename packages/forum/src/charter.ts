import { KindredError } from '@kindred/errors'
import type { TenantHandle } from '@kindred/tenancy'
import type { ForumActor } from './member.ts'

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
  const row = await tenant.db
    .withSchema(tenant.schema)
    .selectFrom('charter')
    .select(['version', 'text', 'published_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : { version: row.version, text: row.text, publishedAt: row.published_at }
}

/**
 * Refuses with 403 `KINDRED_CHARTER_ACCEPTANCE_REQUIRED` a member who has not accepted the charter in
 * force (a founding member who has not joined yet, or anyone after a new version was copied in).
 *
 * @example await assertCharterAccepted(actor) // before any post, thread or reaction
 */
export async function assertCharterAccepted(actor: ForumActor): Promise<void> {
  const current = await charterInForce(actor.tenant)
  if (current !== undefined && actor.member.charterVersion === current.version) return
  throw new KindredError('KINDRED_CHARTER_ACCEPTANCE_REQUIRED', 'Accept the charter in force before posting (POST …/charter/accept)')
}

/**
 * Records the member's acceptance of the charter in force; any other version is 409
 * `KINDRED_CHARTER_VERSION_MISMATCH` (accepting an old one would mean nothing).
 *
 * @example await acceptCharter(actor, 2)
 */
export async function acceptCharter(actor: ForumActor, version: number): Promise<number> {
  const current = await charterInForce(actor.tenant)
  if (current === undefined || current.version !== version) {
    throw new KindredError('KINDRED_CHARTER_VERSION_MISMATCH', 'That is not the charter version in force')
  }
  await actor.tenant.db
    .withSchema(actor.tenant.schema)
    .updateTable('members')
    .set({ charter_version: version, charter_accepted_at: new Date() })
    .where('member_id', '=', actor.member.memberId)
    .execute()
  return version
}
