import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { NotificationKind, Placements, TenantHandle } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { DigestFrequency } from './digest.ts'
import { defaultCadences, defaultDigest, notificationKinds } from './preferences.ts'

/** What a digest's unsubscribe link names: the digest of that frequency, in every community of the member's account. */
export type DigestChoice = `${DigestFrequency}_digest`

const digestChoices: readonly DigestChoice[] = ['daily_digest', 'weekly_digest']

/**
 * What a one-click unsubscribe link turns off: one kind of notification, for one member of one community;
 * or a digest, named by one of the member ids of the account it goes to (a digest spans communities).
 */
export interface Unsubscription {
  communityId: string
  memberId: string
  kind: NotificationKind | DigestChoice
}

const macLength = 16

/** What the unsubscribe key is derived for from the master key (`deriveKey(masterKey, unsubscribeKeyPurpose)`). */
export const unsubscribeKeyPurpose = 'unsubscribe links'

const mac = (key: Buffer, payload: string): Buffer => createHmac('sha256', key).update(payload).digest().subarray(0, macLength)

/**
 * The token of an unsubscribe link: what it turns off and an HMAC of it under `key` (derived from the master
 * key), so that it works without signing in, for as long as the member exists, and cannot be forged or
 * changed to turn off someone else's mail. It names a pairwise member id, never an account or an address.
 *
 * @example `${publicUrl}/unsubscribe/${unsubscribeToken(key, { communityId, memberId, kind: 'reply' })}`
 */
export function unsubscribeToken(key: Buffer, what: Unsubscription): string {
  const payload = `${what.communityId}.${what.memberId}.${what.kind}`
  return `${Buffer.from(payload).toString('base64url')}.${mac(key, payload).toString('base64url')}`
}

/** What an unsubscribe token turns off; 400 `KINDRED_LINK_INVALID` for a token that is not one of ours. */
export function readUnsubscribeToken(key: Buffer, token: string): Unsubscription {
  const [encoded = '', signature = ''] = token.split('.')
  const payload = Buffer.from(encoded, 'base64url').toString()
  const given = Buffer.from(signature, 'base64url')
  const [communityId = '', memberId = '', kind = ''] = payload.split('.')
  const known = [...notificationKinds, ...digestChoices].find((one) => one === kind)
  if (given.length !== macLength || !timingSafeEqual(given, mac(key, payload)) || known === undefined) {
    throw new KindredError('KINDRED_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  return { communityId, memberId, kind: known }
}

/** The community an unsubscribe link turned a kind of mail off in (for a digest, the one its link names). */
export interface Unsubscribed {
  communityName: string
  communitySlug: string
  kind: NotificationKind | DigestChoice
}

// Turns off by mail, in one community, everything the member takes at `frequency`: the digest then has
// nothing to say of it. Choices at other cadences stay.
async function stopDigestIn(tenant: TenantHandle, memberId: string, frequency: DigestFrequency): Promise<void> {
  const row = await tenant.query.selectFrom('notification_preferences').selectAll().where('member_id', '=', memberId).executeTakeFirst()
  const kinds = notificationKinds.filter((kind) => (row?.[kind] ?? defaultCadences[kind]) === frequency)
  const values = {
    ...Object.fromEntries(kinds.map((kind) => [kind, 'off' as const])),
    ...((row?.digest ?? defaultDigest) === frequency ? { digest: 'off' as const } : {}),
  }
  if (Object.keys(values).length === 0) return
  await tenant.query
    .insertInto('notification_preferences')
    .values({ member_id: memberId, ...values })
    .onConflict((conflict) => conflict.column('member_id').doUpdateSet(values))
    .execute()
}

// A digest goes to an account across its communities: the link's member leads to the account (in the hub
// only), and from it to each of its memberships.
async function stopDigest(
  deps: { hub: Kysely<HubDatabase>; placements: Placements },
  what: Unsubscription,
  frequency: DigestFrequency,
): Promise<void> {
  const memberships = await deps.hub
    .selectFrom('hub.memberships as m')
    .innerJoin('hub.memberships as named', 'named.account_id', 'm.account_id')
    .innerJoin('hub.communities as c', 'c.id', 'm.community_id')
    .select(['m.member_id', 'c.placement', 'c.schema_name as schemaName'])
    .where('named.community_id', '=', what.communityId)
    .where('named.member_id', '=', what.memberId)
    .where('m.left_at', 'is', null)
    .execute()
  for (const membership of memberships) await stopDigestIn(deps.placements.tenantDb(membership), membership.member_id, frequency)
}

/**
 * Turns off by mail what an unsubscribe link names (the kind's cadence becomes 'off' for that member; the
 * notifications stay on the site), with no sign-in: the link is the proof. A digest's link turns off, in
 * every community of the member's account, whatever the member took at that frequency, so the digest stops.
 * Undefined when the community is gone. Using a link twice changes nothing more.
 *
 * @example const done = await unsubscribe({ hub, placements }, readUnsubscribeToken(key, token))
 */
export async function unsubscribe(
  deps: { hub: Kysely<HubDatabase>; placements: Placements },
  what: Unsubscription,
): Promise<Unsubscribed | undefined> {
  const community = await deps.hub
    .selectFrom('hub.communities')
    .select(['name', 'slug', 'placement', 'schema_name as schemaName'])
    .where('id', '=', what.communityId)
    .executeTakeFirst()
  if (community === undefined) return undefined
  const tenant = deps.placements.tenantDb(community)
  const member = await tenant.query.selectFrom('members').select('member_id').where('member_id', '=', what.memberId).executeTakeFirst()
  if (member === undefined) return undefined
  if (what.kind === 'daily_digest' || what.kind === 'weekly_digest') {
    await stopDigest(deps, what, what.kind === 'daily_digest' ? 'daily' : 'weekly')
    return { communityName: community.name, communitySlug: community.slug, kind: what.kind }
  }
  await tenant.query
    .insertInto('notification_preferences')
    .values({ member_id: what.memberId, [what.kind]: 'off' })
    .onConflict((conflict) => conflict.column('member_id').doUpdateSet({ [what.kind]: 'off' }))
    .execute()
  return { communityName: community.name, communitySlug: community.slug, kind: what.kind }
}
