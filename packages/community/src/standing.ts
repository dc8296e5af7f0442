import { KindredError } from '@kindred/errors'
import type { MemberApproval } from './tenant-schema.ts'

/** What decides whether a member may act in the community: whether they left, a ban, their approval. */
export interface MemberStanding {
  leftAt: Date | null
  bannedAt: Date | null
  approval: MemberApproval
}

/**
 * Refuses a member who may not do what they ask in the community now: nobody there or someone who left
 * is 403 `KINDRED_NOT_A_MEMBER`, a ban 403 `KINDRED_BANNED_FROM_COMMUNITY`; then an approval outside
 * `admit`: a declined request is not a membership (`KINDRED_NOT_A_MEMBER`), a pending one 403
 * `KINDRED_MEMBERSHIP_PENDING`.
 *
 * @example assertStanding(await findTenantMember(tenant, memberId), ['approved', 'pending'])
 */
export function assertStanding<Member extends MemberStanding>(
  member: Member | undefined,
  admit: readonly MemberApproval[],
): asserts member is Member {
  if (member === undefined || member.leftAt !== null) throw notAMember()
  if (member.bannedAt !== null) throw new KindredError('KINDRED_BANNED_FROM_COMMUNITY', 'You are banned from this community')
  if (admit.includes(member.approval)) return
  if (member.approval === 'pending') {
    throw new KindredError(
      'KINDRED_MEMBERSHIP_PENDING',
      "Your request to join waits for a moderator's approval; until then you can read the charter and the rules",
    )
  }
  throw notAMember()
}

const notAMember = (): KindredError => new KindredError('KINDRED_NOT_A_MEMBER', 'You are not a member of this community')
