import { KindredError } from '@kindred/errors'
import type { MemberRole, TenantHandle } from '@kindred/tenancy'

/** The member acting in a forum request, as the tenant knows them now (not as their token said). */
export interface ForumMember {
  memberId: string
  pseudonym: string
  role: MemberRole
  /** The charter version the member last accepted, or null. */
  charterVersion: number | null
}

/** A member request against one community's tenant. */
export interface ForumActor {
  tenant: TenantHandle
  member: ForumMember
}

/** Whether the member may moderate: edit categories, read edit histories. */
export const isModerator = (member: ForumMember): boolean => member.role === 'moderator' || member.role === 'owner'

/**
 * Refuses with 403 `KINDRED_FORBIDDEN` a member who is neither moderator nor owner.
 *
 * @example assertModerator(actor.member)
 */
export function assertModerator(member: ForumMember): void {
  if (!isModerator(member)) throw new KindredError('KINDRED_FORBIDDEN', "This is for the community's moderators only")
}
