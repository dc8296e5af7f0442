import type { Kysely } from 'kysely'
import type { CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { TenantLocation } from '@kindred/tenancy'

export interface CommunityRef extends TenantLocation {
  id: string
  slug: string
  status: CommunityStatus
}

/**
 * The community a member joins or leaves: 404 unless it is live or archived (one still being provisioned
 * or that failed is not there yet for members), 409 `KINDRED_COMMUNITY_ARCHIVED` for an archived one when
 * `live` is required.
 */
export async function communityForMembers(hub: Kysely<HubDatabase>, slug: string): Promise<CommunityRef> {
  const row = await hub
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'status', 'placement', 'schema_name'])
    .where('slug', '=', slug)
    .where('status', 'in', ['live', 'archived'])
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  return { id: row.id, slug: row.slug, status: row.status, placement: row.placement, schemaName: row.schema_name }
}

export function assertLive(community: CommunityRef): void {
  if (community.status === 'archived') throw new KindredError('KINDRED_COMMUNITY_ARCHIVED', 'This community is archived and read-only')
}
