import { sql, type Kysely } from 'kysely'
import type { DisclosureNature, HubDatabase } from '@kindred/db'

/** What a community shows next to a member's posts, from the hub, without the member's identity. */
export interface AuthorMarks {
  /** Verified by staff: always shown, whatever the member's disclosures say. */
  industry: boolean
  healthProfessional: boolean
  disclosures: Array<{ organisation: string; nature: DisclosureNature; since: string | null }>
}

export const noMarks: AuthorMarks = { industry: false, healthProfessional: false, disclosures: [] }

/**
 * The marks of some members of one community, by pairwise member id, in one hub query: the account's
 * verified roles and its industry-relationship disclosures travel to every community it is in, never its
 * name or email. Members without an account any more (erased) have no marks.
 *
 * @example const marks = await authorMarks(hub, ['…member id…']); marks.get(memberId)?.industry
 */
export async function authorMarks(hub: Kysely<HubDatabase>, memberIds: readonly string[]): Promise<Map<string, AuthorMarks>> {
  if (memberIds.length === 0) return new Map()
  const rows = await hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.accounts as account', 'account.id', 'membership.account_id')
    .select([
      'membership.member_id',
      sql<boolean>`'industry' = any(account.roles)`.as('industry'),
      sql<boolean>`'health_professional' = any(account.roles)`.as('health_professional'),
      sql<AuthorMarks['disclosures']>`coalesce((
        select json_agg(json_build_object('organisation', d.organisation, 'nature', d.nature, 'since', d.since::text) order by d.position)
        from hub.disclosures d where d.account_id = account.id), '[]')`.as('disclosures'),
    ])
    .where('membership.member_id', 'in', [...new Set(memberIds)])
    .execute()
  return new Map(
    rows.map((row) => [
      row.member_id,
      { industry: row.industry, healthProfessional: row.health_professional, disclosures: row.disclosures },
    ]),
  )
}
