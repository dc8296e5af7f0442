import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Placements } from '@kindred/community'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'
import { moderationLogEntriesFrom, type LogResume } from './log.ts'
import type { LogEntry } from './views.ts'

/** A log entry of one community, in the log across every community. */
export interface NetworkLogEntry extends LogEntry {
  community: { slug: string; name: string }
}

// Communities read at once: enough to be quick, few enough to leave the pools to members.
const readAtOnce = 8

// The network-wide order is newest first, then by community slug and entry id (both descending), so that
// entries of different communities written in the same microsecond still have one place each.
const networkKeys = keyset(['time', 'text', 'bigint'], 'network-moderation-log')

type Placed = { entry: NetworkLogEntry; position: string }

// Where one community's entries resume after the cursor's entry (at `position`, in community `slug`).
function resumeFor(communitySlug: string, [position, slug, id]: readonly [string, string, string]): LogResume {
  if (communitySlug === slug) return { position, id }
  // At the cursor's very time, communities sorting after its own are still to come; those before it were shown.
  return { position, includingIt: communitySlug < slug }
}

const newestFirst = (a: Placed, b: Placed): number =>
  Number(BigInt(b.position) - BigInt(a.position)) ||
  (b.entry.community.slug > a.entry.community.slug ? 1 : b.entry.community.slug < a.entry.community.slug ? -1 : 0) ||
  Number(BigInt(b.entry.id) - BigInt(a.entry.id))

/**
 * The latest moderation across every community (live or archived), newest first, for network staff: each
 * community's log is read from its own tenant (no hub copy of it exists), `limit + 1` entries at most each,
 * after the cursor when paging, and merged. Its cost grows with the number of communities, so it is a page
 * staff open, not a figure to poll.
 *
 * @example const { items, next } = await moderationAcrossCommunities({ hub, placements }, { limit: 50 })
 */
export async function moderationAcrossCommunities(
  deps: { hub: Kysely<HubDatabase>; placements: Placements },
  page: PageQuery,
): Promise<Page<NetworkLogEntry>> {
  const from = page.cursor === undefined ? undefined : networkKeys.decode(page.cursor)
  const communities = await deps.hub
    .selectFrom('hub.communities')
    .select(['slug', 'name', 'placement', 'schema_name as schemaName'])
    .where('status', 'in', ['live', 'archived'])
    .orderBy('id')
    .execute()
  const placed: Placed[] = []
  for (let start = 0; start < communities.length; start += readAtOnce) {
    const read = await Promise.all(
      communities.slice(start, start + readAtOnce).map(async (community) => {
        const tenant = deps.placements.tenantDb(community)
        const found = await moderationLogEntriesFrom(
          tenant,
          page.limit + 1,
          from === undefined ? undefined : resumeFor(community.slug, from),
        )
        return found.map(({ entry, position }) => ({
          entry: { ...entry, community: { slug: community.slug, name: community.name } },
          position,
        }))
      }),
    )
    placed.push(...read.flat())
  }
  placed.sort(newestFirst)
  return toPage(
    placed,
    page.limit,
    (row) => networkKeys.encode([row.position, row.entry.community.slug, row.entry.id]),
    (row) => row.entry,
  )
}
