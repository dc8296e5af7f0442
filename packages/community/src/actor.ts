import { KindredError } from '@kindred/errors'
import type { TenantHandle } from './tenant-handle.ts'
import type { MemberRole } from './tenant-schema.ts'
import type { WriteBudgets } from './write-budgets.ts'

/** The member acting in a community request, as the tenant knows them now (not as their token said). */
export interface CommunityMember {
  memberId: string
  pseudonym: string
  role: MemberRole
  /** The charter version the member last accepted, or null. */
  charterVersion: number | null
}

/** A member request against one community's tenant: the forum, messages, moderation all act through one. */
export interface CommunityActor {
  tenant: TenantHandle
  member: CommunityMember
  /** The member's forum write budgets, which every post and thread spends; none for a seed or a package's test. */
  budgets?: WriteBudgets
}

/** Whether the member may moderate: edit categories, read edit histories, see the whole member directory. */
export const isModerator = (member: Pick<CommunityMember, 'role'>): boolean => member.role === 'moderator' || member.role === 'owner'

/**
 * Refuses with 403 `KINDRED_FORBIDDEN` a member who is neither moderator nor owner.
 *
 * @example assertModerator(actor.member)
 */
export function assertModerator(member: Pick<CommunityMember, 'role'>): void {
  if (!isModerator(member)) throw new KindredError('KINDRED_FORBIDDEN', "This is for the community's moderators only")
}
