import { KindredError } from '@kindred/errors'
import {
  announceMemberChanges,
  tellJoinChange,
  type MemberApproval,
  type MemberRole,
  type TenantHandle,
  type TenantQuery,
} from '@kindred/community'

const uniqueViolation = '23505'

export interface TenantMember {
  memberId: string
  pseudonym: string
  role: MemberRole
  joinedAt: Date
  charterVersion: number | null
  leftAt: Date | null
  bannedAt: Date | null
  /** Where the member's request to join stands: only an approved member takes part. */
  approval: MemberApproval
}

export interface Acceptance {
  memberId: string
  pseudonym: string
  charterVersion: number
  approval: MemberApproval
}

const memberColumns = ['member_id', 'pseudonym', 'role', 'joined_at', 'charter_version', 'left_at', 'banned_at', 'approval'] as const

type MemberRow = Awaited<ReturnType<typeof selectMember>>

function selectMember(tenant: TenantQuery, memberId: string) {
  return tenant.selectFrom('members').select(memberColumns).where('member_id', '=', memberId).executeTakeFirst()
}

const toMember = (row: NonNullable<MemberRow>): TenantMember => ({
  memberId: row.member_id,
  pseudonym: row.pseudonym,
  role: row.role,
  joinedAt: row.joined_at,
  charterVersion: row.charter_version,
  leftAt: row.left_at,
  bannedAt: row.banned_at,
  approval: row.approval,
})

/** The tenant's row of a member, or undefined. */
export async function findTenantMember(tenant: TenantHandle, memberId: string): Promise<TenantMember | undefined> {
  const row = await selectMember(tenant.query, memberId)
  return row === undefined ? undefined : toMember(row)
}

// A taken pseudonym is the member's own problem to fix (409); any other failure is ours.
async function mapPseudonymConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (error) {
    if ((error as { code?: string }).code === uniqueViolation) {
      throw new KindredError('KINDRED_PSEUDONYM_TAKEN', 'Another member of this community already uses this pseudonym')
    }
    throw error
  }
}

/**
 * Adds a new member who has chosen a pseudonym and accepted the charter, approved or waiting for approval
 * (the moderators are told of a request), announced to every hub.
 */
export async function insertTenantMember(tenant: TenantHandle, acceptance: Acceptance): Promise<TenantMember> {
  const row = await mapPseudonymConflict(
    tenant.transaction(async (trx) => {
      const inserted = await trx
        .insertInto('members')
        .values({
          member_id: acceptance.memberId,
          pseudonym: acceptance.pseudonym,
          role: 'member',
          charter_version: acceptance.charterVersion,
          charter_accepted_at: new Date(),
          approval: acceptance.approval,
        })
        .returning(memberColumns)
        .executeTakeFirstOrThrow()
      await changed(trx, tenant.schema, undefined, inserted)
      return inserted
    }),
  )
  return toMember(row)
}

// Every hub forgets the member, and a request to join or a decision on one is told (see tellJoinChange).
async function changed(
  trx: TenantQuery,
  schema: string,
  before: Pick<NonNullable<MemberRow>, 'approval' | 'left_at'> | undefined,
  after: NonNullable<MemberRow>,
): Promise<void> {
  await announceMemberChanges(trx, schema, [after.member_id])
  const standing = (row: typeof before) => row && { approval: row.approval, leftAt: row.left_at }
  await tellJoinChange(trx, after.member_id, standing(before), { approval: after.approval, leftAt: after.left_at })
}

/**
 * Brings back a member who left, or completes a founding member (made owner or moderator at provisioning
 * under a neutral pseudonym) who now chooses a pseudonym and accepts the charter. Role and bans stay;
 * the approval is the caller's decision (see joinCommunity).
 */
export async function reactivateTenantMember(tenant: TenantHandle, acceptance: Acceptance): Promise<TenantMember> {
  const row = await mapPseudonymConflict(
    tenant.transaction(async (trx) => {
      const before = await trx
        .selectFrom('members')
        .select(['approval', 'left_at'])
        .where('member_id', '=', acceptance.memberId)
        .forNoKeyUpdate()
        .executeTakeFirst()
      if (before === undefined) throw new Error('The hub links a member that its tenant does not have')
      const after = await trx
        .updateTable('members')
        .set({
          pseudonym: acceptance.pseudonym,
          charter_version: acceptance.charterVersion,
          charter_accepted_at: new Date(),
          left_at: null,
          approval: acceptance.approval,
        })
        .where('member_id', '=', acceptance.memberId)
        .returning(memberColumns)
        .executeTakeFirstOrThrow()
      await changed(trx, tenant.schema, before, after)
      return after
    }),
  )
  return toMember(row)
}

/** Marks the member as gone, announced to every hub; their posts stay under their pseudonym. */
export async function markTenantMemberLeft(tenant: TenantHandle, memberId: string): Promise<void> {
  await tenant.transaction(async (trx) => {
    await trx.updateTable('members').set({ left_at: new Date() }).where('member_id', '=', memberId).execute()
    await announceMemberChanges(trx, tenant.schema, [memberId])
  })
}

/**
 * Whether the community asks a moderator to approve new members (its `settings.join_approval`, on unless
 * it was turned off).
 */
export async function joinApprovalRequired(tenant: TenantHandle): Promise<boolean> {
  const row = await tenant.query.selectFrom('settings').select('join_approval').executeTakeFirst()
  return row?.join_approval ?? true
}
