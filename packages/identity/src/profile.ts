import { sql, type Kysely } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Account } from './accounts.ts'
import type { Disclosure } from './disclosures.ts'

/** A community the account is a current member of, as the hub knows it (pseudonyms live in each tenant). */
export interface MembershipSummary {
  community: { slug: string; name: string; status: CommunityStatus }
  joinedAt: string
}

/** What an account sees of itself: the account with its roles, its disclosures and its memberships. */
export interface AccountProfile {
  account: Account
  disclosures: Disclosure[]
  memberships: MembershipSummary[]
  /** The interface language the member chose, or null (pages then follow the community, else the browser). */
  language: string | null
  /** Whether the account has confirmed its address: until then it may read, not join, propose or support. */
  emailVerified: boolean
}

/**
 * Keeps the interface language a member chose with their account, so that it follows them to every browser.
 *
 * @example await setAccountLanguage(db, accountId, 'fr')
 */
export async function setAccountLanguage(db: Kysely<HubDatabase>, accountId: string, language: string): Promise<void> {
  await db.updateTable('hub.accounts').set({ language }).where('id', '=', accountId).execute()
}

/**
 * The account and everything shown with it, in one query: `GET /v1/me` runs on every page a client opens,
 * so it costs one round trip.
 *
 * @example const { account, disclosures } = await accountProfile(db, accountId)
 */
export async function accountProfile(db: Kysely<HubDatabase>, accountId: string): Promise<AccountProfile> {
  const row = await db
    .selectFrom('hub.accounts as account')
    .select([
      'account.id',
      'account.email',
      'account.display_name',
      'account.roles',
      'account.created_at',
      'account.language',
      'account.email_verified_at',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('hub.disclosures as disclosure')
          .select(['disclosure.organisation', 'disclosure.nature', sql<string | null>`disclosure.since::text`.as('since')])
          .whereRef('disclosure.account_id', '=', 'account.id')
          .orderBy('disclosure.position'),
      ).as('disclosures'),
    )
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('hub.memberships as membership')
          .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
          .select([
            sql<
              MembershipSummary['community']
            >`json_build_object('slug', community.slug, 'name', community.name, 'status', community.status)`.as('community'),
            sql<string>`to_char(membership.joined_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('joinedAt'),
          ])
          .whereRef('membership.account_id', '=', 'account.id')
          .where('membership.left_at', 'is', null)
          .orderBy('membership.joined_at'),
      ).as('memberships'),
    )
    .where('account.id', '=', accountId)
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such account')
  return {
    account: { id: row.id, email: row.email, displayName: row.display_name, roles: row.roles, createdAt: row.created_at },
    disclosures: row.disclosures,
    memberships: row.memberships,
    language: row.language,
    emailVerified: row.email_verified_at !== null,
  }
}
