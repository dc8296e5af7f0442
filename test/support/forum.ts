import type { Kysely } from 'kysely'
import {
  announceMemberChanges,
  type MemberApproval,
  type MemberRole,
  type TenantDatabase,
  type TenantHandle,
  type TenantLocation,
} from '@kindred/community'
import { signUp, type SignedUp } from './accounts.ts'
import type { TestHub } from './hub.ts'

export interface CommunityMember {
  account: SignedUp
  memberId: string
  /** A community token (audience kindred:community:<slug>), minted by the real POST /v1/auth/switch. */
  token: string
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/**
 * Signs `name` up, joins `slug` under `pseudonym` (accepting charter 1) and switches to it, all through
 * the real API; `role` promotes the member in the tenant first (the token then carries it). In a community
 * that requires join approval the member is pending (their token then opens only the charter) unless
 * `approval` decides it behind the API's back.
 */
export async function communityMember(
  hub: TestHub,
  slug: string,
  name: string,
  options: { pseudonym?: string; role?: MemberRole; approval?: MemberApproval } = {},
): Promise<CommunityMember> {
  const account = await signUp(hub, name)
  const joined = await hub.app.inject({
    method: 'POST',
    url: `/v1/communities/${slug}/join`,
    headers: bearer(account.accessToken),
    payload: { pseudonym: options.pseudonym ?? `${name} here`, acceptCharterVersion: 1 },
  })
  if (joined.statusCode !== 201) throw new Error(`joining ${slug} answered ${joined.statusCode}: ${joined.body}`)
  const memberId = joined.json<{ member: { memberId: string } }>().member.memberId
  if (options.role !== undefined || options.approval !== undefined) await setMember(hub, slug, memberId, options)
  const switched = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/switch',
    headers: bearer(account.accessToken),
    payload: { community: slug },
  })
  if (switched.statusCode !== 200) throw new Error(`switching to ${slug} answered ${switched.statusCode}: ${switched.body}`)
  return { account, memberId, token: switched.json<{ accessToken: string }>().accessToken }
}

async function locate(hub: TestHub, slug: string): Promise<TenantLocation> {
  return hub.database.db
    .selectFrom('hub.communities')
    .select(['placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
}

/** A community's tenant, on whichever placement it is. */
export async function tenantOf(hub: TestHub, slug: string): Promise<TenantHandle> {
  return hub.placements.tenantDb(await locate(hub, slug))
}

/**
 * A community's placement database and schema name, for a test's raw statements (DDL, whole-table digests)
 * that name the schema themselves; every other query goes through `tenantOf`'s handle.
 */
export async function tenantDatabase(hub: TestHub, slug: string): Promise<{ db: Kysely<TenantDatabase>; schema: string }> {
  const community = await locate(hub, slug)
  return { db: hub.placements.database(community.placement), schema: community.schemaName }
}

/**
 * Changes a member's tenant row behind the API's back (a role, a ban, leaving, a charter version, an
 * approval), announced to the hubs as Kindred's own changes are, unless `{ announce: false }`.
 */
export async function setMember(
  hub: TestHub,
  slug: string,
  memberId: string,
  change: { role?: MemberRole; banned?: boolean; left?: boolean; charterVersion?: number | null; approval?: MemberApproval },
  options = { announce: true },
): Promise<void> {
  const tenant = await tenantOf(hub, slug)
  const set: Record<string, unknown> = {}
  if (change.role !== undefined) set.role = change.role
  if (change.banned !== undefined) set.banned_at = change.banned ? new Date() : null
  if (change.left !== undefined) set.left_at = change.left ? new Date() : null
  if (change.charterVersion !== undefined) set.charter_version = change.charterVersion
  if (change.approval !== undefined) set.approval = change.approval
  await tenant.transaction(async (trx) => {
    await trx.updateTable('members').set(set).where('member_id', '=', memberId).execute()
    if (options.announce) await announceMemberChanges(trx, tenant.schema, [memberId])
  })
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** A request to the hub with a member's community token. */
export function callAs(hub: TestHub, as: CommunityMember, method: HttpMethod, url: string, payload?: object) {
  return hub.app.inject({ method, url, headers: { authorization: `Bearer ${as.token}` }, ...(payload === undefined ? {} : { payload }) })
}

/**
 * For tests of forum rules, not of load shedding: a busy machine (provisioning jobs, password hashing, a
 * benchmark next door) must not turn a request into a 503.
 */
export const withoutLoadShedding = { HTTP_MAX_EVENT_LOOP_DELAY_MS: '0' }
