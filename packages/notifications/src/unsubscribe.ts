import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { NotificationKind, Placements } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { notificationKinds } from './preferences.ts'

/** What a one-click unsubscribe link turns off: one kind of notification, for one member of one community. */
export interface Unsubscription {
  communityId: string
  memberId: string
  kind: NotificationKind
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
  const known = notificationKinds.find((one) => one === kind)
  if (given.length !== macLength || !timingSafeEqual(given, mac(key, payload)) || known === undefined) {
    throw new KindredError('KINDRED_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  return { communityId, memberId, kind: known }
}

/** The community an unsubscribe link turned a kind of mail off in. */
export interface Unsubscribed {
  communityName: string
  communitySlug: string
  kind: NotificationKind
}

/**
 * Turns off by mail what an unsubscribe link names (the kind's cadence becomes 'off' for that member; the
 * notifications stay on the site), with no sign-in: the link is the proof. Undefined when the community is
 * gone. Using a link twice changes nothing more.
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
  await tenant.query
    .insertInto('notification_preferences')
    .values({ member_id: what.memberId, [what.kind]: 'off' })
    .onConflict((conflict) => conflict.column('member_id').doUpdateSet({ [what.kind]: 'off' }))
    .execute()
  return { communityName: community.name, communitySlug: community.slug, kind: what.kind }
}
