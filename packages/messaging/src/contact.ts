import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { authorMarks, type AuthorMarks } from '@kindred/membership'
import type { TenantHandle } from '@kindred/community'

/** A member others can message now: approved, still a member, not banned. */
export interface Contactable {
  memberId: string
  /** Opted in to contact from industry (members with the industry role or an industry relationship). */
  contactIndustry: boolean
}

/**
 * The member, if others can message them now; undefined otherwise (left, banned, not approved, no such
 * member: the same to the sender).
 *
 * @example const recipient = await contactableMember(tenant, memberId)
 */
export async function contactableMember(tenant: TenantHandle, memberId: string): Promise<Contactable | undefined> {
  const row = await tenant.query
    .selectFrom('members')
    .select(['member_id', 'contact_industry'])
    .where('member_id', '=', memberId)
    .where('approval', '=', 'approved')
    .where('left_at', 'is', null)
    .where('banned_at', 'is', null)
    .executeTakeFirst()
  return row === undefined ? undefined : { memberId: row.member_id, contactIndustry: row.contact_industry }
}

/**
 * Whether a member speaks for industry, as far as contact goes: staff verified them as `industry`, or they
 * declared any industry relationship. The same marks the community shows next to their posts.
 *
 * @example isIndustryLinked({ industry: false, healthProfessional: true, disclosures: [] }) // false
 */
export function isIndustryLinked(marks: AuthorMarks | undefined): boolean {
  return marks !== undefined && (marks.industry || marks.disclosures.length > 0)
}

/**
 * Refuses a message the recipient's contact settings do not admit: 404 `KINDRED_NOT_FOUND` for a recipient
 * who cannot be messaged at all, 403 `KINDRED_CONTACT_NOT_ALLOWED` from an industry-linked sender to a
 * member who has not opted in to contact from industry. The hub is asked about the sender only then.
 *
 * @example await assertMayContact(hub, tenant, { senderId, recipientId })
 */
export async function assertMayContact(
  hub: Kysely<HubDatabase>,
  tenant: TenantHandle,
  pair: { senderId: string; recipientId: string },
): Promise<void> {
  const recipient = await contactableMember(tenant, pair.recipientId)
  if (recipient === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
  if (recipient.contactIndustry) return
  const marks = await authorMarks(hub, [pair.senderId])
  if (isIndustryLinked(marks.get(pair.senderId))) {
    throw new KindredError(
      'KINDRED_CONTACT_NOT_ALLOWED',
      'This member has not opted in to contact from industry: members who work for industry or declare an industry relationship cannot message them',
    )
  }
}
