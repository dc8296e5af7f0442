import type { Kysely } from 'kysely'
import type { CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { TenantLocation } from '@kindred/community'

export interface CommunityRef extends TenantLocation {
  id: string
  slug: string
  /** The community's name, as its pages title it. */
  name: string
  status: CommunityStatus
  /** The languages of the community, its main one first: its pages speak the first unless a member chose. */
  languages: string[]
}

/**
 * The community `slug` if it is open to its members (live, or archived and read-only), else undefined: one
 * still being provisioned, or whose provisioning failed, is not there yet for members.
 *
 * @example const fop = await findCommunityForMembers(hub, 'fop') // { id, slug, name, status, placement, schemaName }
 */
export async function findCommunityForMembers(hub: Kysely<HubDatabase>, slug: string): Promise<CommunityRef | undefined> {
  const row = await hub
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'name', 'status', 'placement', 'schema_name', 'languages'])
    .where('slug', '=', slug)
    .where('status', 'in', ['live', 'archived'])
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : {
        id: row.id,
        slug: row.slug,
        name: row.name,
        status: row.status,
        placement: row.placement,
        schemaName: row.schema_name,
        languages: row.languages,
      }
}

/** Like findCommunityForMembers, 404 when there is no such community for members. */
export async function communityForMembers(hub: Kysely<HubDatabase>, slug: string): Promise<CommunityRef> {
  const community = await findCommunityForMembers(hub, slug)
  if (community === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  return community
}

export function assertLive(community: CommunityRef): void {
  if (community.status === 'archived') throw new KindredError('KINDRED_COMMUNITY_ARCHIVED', 'This community is archived and read-only')
}
