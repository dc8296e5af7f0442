import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { toPage, type Page } from '@kindred/pagination'
import { entryColumns, type CommunityCard, type DirectoryEntry } from './views.ts'

export interface DirectoryQuery {
  /** The last slug of the previous page. */
  after?: string
  limit: number
  /**
   * Part of the community's name, its disease's, its ORPHA code ("ORPHA:337" or "337") or one of its disease's
   * other names, in any case and with or without accents ("alstrom" finds "Alström syndrome").
   */
  q?: string
  /** An ISO 639-1 code the community writes in. */
  language?: string
}

/**
 * The public directory: live communities in slug order, a page at a time (keyset: `after` is the last
 * slug seen, and `next` the last slug of this page: the API documents its cursor as a slug, so it is not
 * an opaque @kindred/pagination cursor), optionally only those found by `q` or that write in `language`.
 * The search is folded by the database on both sides (`hub.search_folded`: accents dropped, lower case) and
 * matched as a substring of the community's generated `search_text`, which a trigram index serves; `%` and
 * `_` in `q` are characters, not wildcards.
 *
 * @example const { items, next } = await listDirectory(db, { limit: 20, language: 'fr' })
 * -- select … from hub.communities where status = 'live' and languages @> array['fr'] order by slug limit 21
 */
export async function listDirectory(db: Kysely<HubDatabase>, query: DirectoryQuery): Promise<Page<DirectoryEntry>> {
  let select = db.selectFrom('hub.communities').select(entryColumns).where('status', '=', 'live')
  if (query.after !== undefined) select = select.where('slug', '>', query.after)
  if (query.q !== undefined) select = select.where(sql<boolean>`search_text like hub.search_pattern(${query.q})`)
  if (query.language !== undefined) select = select.where(sql<boolean>`languages @> array[${query.language}]::text[]`)
  const rows = await select
    .orderBy('slug')
    .limit(query.limit + 1)
    .execute()
  return toPage(
    rows,
    query.limit,
    (row) => row.slug,
    (row) => row,
  )
}

/**
 * A community's public card: live or archived. Communities still being provisioned, or whose provisioning
 * failed, are not public (staff see them through `listCommunitiesForStaff`).
 *
 * @example const card = await communityCard(db, 'fop')
 * @throws KindredError `KINDRED_NOT_FOUND`
 */
export async function communityCard(db: Kysely<HubDatabase>, slug: string): Promise<CommunityCard> {
  const row = await db
    .selectFrom('hub.communities')
    .select([...entryColumns, 'status', 'prevalence_class as prevalenceClass', 'live_at as liveAt', 'archived_at as archivedAt'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (row === undefined || (row.status !== 'live' && row.status !== 'archived')) {
    throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  }
  return { ...row, status: row.status }
}
