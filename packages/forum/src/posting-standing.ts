import { sql } from 'kysely'
import { assertStanding, type MemberApproval, type TenantQuery } from '@kindred/community'
import { charterAcceptanceRequired } from './charter.ts'

/** What a write's own statement read of its author: where they stand, and whether they may post. */
export interface PosterRow {
  left_at: Date | null
  banned_at: Date | null
  approval: MemberApproval | null
  accepted: boolean | null
}

/**
 * The author's row as a write's own statement reads it, for the write to go ahead only if `may_post`: an
 * approved member who has not left, is not banned and accepted the charter in force (false when the
 * community has no charter). The write then costs no round trip of its own for the member, whom the
 * request may have taken from the cache (`writeChecksStanding`), and never reads the charter's text.
 *
 * @example db.with('poster', (db) => postingStanding(db, actor.member.memberId))
 */
export function postingStanding(db: TenantQuery, memberId: string) {
  return db
    .selectFrom('members as m')
    .select((eb) => {
      const inForce = eb.selectFrom('charter').select((charter) => charter.fn.max('version').as('version'))
      const accepted = sql<boolean>`coalesce((${inForce}) = ${eb.ref('m.charter_version')}, false)`
      return [
        'm.left_at',
        'm.banned_at',
        'm.approval',
        accepted.as('accepted'),
        sql<boolean>`m.left_at is null and m.banned_at is null and m.approval = 'approved' and ${accepted}`.as('may_post'),
      ]
    })
    .where('m.member_id', '=', memberId)
}

/**
 * Refuses, after a write that did not happen, for the reason its statement found: the member's standing
 * (403, as assertStanding), else the charter (403 `KINDRED_CHARTER_ACCEPTANCE_REQUIRED`).
 *
 * @example assertMayPost(row) // then the write's own checks: the thread, the category
 */
export function assertMayPost<Row extends PosterRow>(row: Row | undefined): asserts row is Row {
  const standing = row?.approval == null ? undefined : { leftAt: row.left_at, bannedAt: row.banned_at, approval: row.approval }
  assertStanding(standing, ['approved'])
  if (row?.accepted !== true) throw charterAcceptanceRequired()
}
