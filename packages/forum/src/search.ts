import { sql, type RawBuilder } from 'kysely'
import { KindredError } from '@kindred/errors'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'
import type { TenantHandle, TenantQuery, Author, CommunityActor } from '@kindred/community'
import { searchFolded } from './search-vector.ts'

export interface SearchQuery extends PageQuery {
  /** What the member typed, in web search syntax: words, "a phrase", or, -without. */
  q: string
}

/** One post found, as the results list shows it. */
export interface SearchHit {
  postId: string
  threadId: string
  threadTitle: string
  author: Author
  /** HTML: a passage of the post's text, escaped, with the words found in `<mark>`; safe to show as is. */
  snippet: string
  rank: number
  createdAt: Date
}

/**
 * Ranking is done over at most this many matching posts, the newest: a word found in most of the forum
 * costs the same as a rare one (see docs/decisions.md, "Search").
 */
export const maxRankedMatches = 1000

// Marks around the words found, characters no post keeps (they are taken out of the text before), so that
// after escaping the text only these become <mark> tags.
const startMark = '\u0002'
const stopMark = '\u0003'
const headlineOptions = `StartSel=${startMark}, StopSel=${stopMark}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`

const escapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** The headline as HTML: the text escaped, the marks turned into <mark> elements, whitespace collapsed. */
function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (character) => escapes[character] ?? '')
    .replaceAll(startMark, '<mark>')
    .replaceAll(stopMark, '</mark>')
    .replace(/\s+/g, ' ')
    .trim()
}

// The community's configurations, and whether the query has a word to look for in any of them.
async function searchConfigs(tenant: TenantHandle, q: string): Promise<string[]> {
  const folded = searchFolded(tenant.schema, sql`${q}::text`)
  const row = await tenant.query
    .selectFrom('settings')
    .select([
      'search_configs',
      sql<boolean>`exists (select from unnest(search_configs) as c(name) where numnode(websearch_to_tsquery(c.name::regconfig, ${folded})) > 0)`.as(
        'searchable',
      ),
    ])
    .executeTakeFirstOrThrow()
  if (!row.searchable) {
    throw new KindredError(
      'KINDRED_SEARCH_QUERY_EMPTY',
      'The search has no words to look for: very common words such as "the" or "and" are not searched',
    )
  }
  return row.search_configs
}

// The words of a post, as the post spells them, that the query (accents folded) finds once folded in turn:
// ts_headline compares words as they are written, so "alstrom" marks "Alström" only through these. Null when
// there are none. Each lexeme is quoted in tsquery's own syntax (backslash and quote escaped).
function foldedMatches(schema: string, config: RawBuilder<string>, body: RawBuilder<string>, q: string): RawBuilder<string | null> {
  const quoted = sql`'''' || replace(replace(v.lexeme, '\\', '\\\\'), '''', '''''') || ''''`
  const queryWords = sql`select (regexp_matches(querytree(websearch_to_tsquery(${config}, ${searchFolded(schema, sql`${q}::text`)}))::text,
    '''((?:[^'']|'''')+)''', 'g'))[1]`
  return sql<string | null>`(select string_agg(${quoted}, ' | ')::tsquery
    from unnest(to_tsvector(${config}, ${body})) as v
    where ${searchFolded(schema, sql`v.lexeme`)} in (${queryWords}))`
}

// The passage of a post to show, marked in the first of the community's languages whose reading of the
// post finds the query's words (a French post in an English and French community is parsed as French to
// mark "hôpital" for "hôpitaux"); in the first language when none does.
function headline(
  schema: string,
  configs: readonly string[],
  body: RawBuilder<string>,
  q: string,
  query: RawBuilder<string>,
): RawBuilder<string> {
  const config = sql<string>`c.name::regconfig`
  return sql<string>`(
    select h.passage from unnest(${configs}::text[]) with ordinality as c(name, n)
    cross join lateral ts_headline(${config}, ${body}, coalesce(${foldedMatches(schema, config, body, q)}, ${query}), ${headlineOptions}) as h(passage)
    order by strpos(h.passage, ${startMark}) > 0 desc, c.n
    limit 1)`
}

// The query in each configuration, OR'd. Written out with the configurations as values (not read in the
// statement) so that PostgreSQL plans with the actual query: it knows how common its words are, and scans
// the newest posts for a common word rather than every match in the index.
function tsquery(schema: string, configs: readonly string[], q: string): RawBuilder<string> {
  const folded = searchFolded(schema, sql`${q}::text`)
  const each = configs.map((config) => sql`websearch_to_tsquery(${config}::regconfig, ${folded})`)
  return sql<string>`(${sql.join(each, sql` || `)})`
}

// The newest matching posts still shown, each with its rank; the fence (offset 0) ranks each once.
function rankedMatches(db: TenantQuery, query: RawBuilder<string>) {
  const matches = db
    .selectFrom('posts as p')
    .select(['p.id', 'p.thread_id', 'p.author_id', 'p.body_markdown', 'p.created_at', 'p.search_vector'])
    .where(sql<boolean>`p.search_vector @@ ${query}`)
    .where('p.hidden_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .orderBy('p.id', 'desc')
    .limit(maxRankedMatches)
  return db
    .selectFrom(matches.as('match'))
    .select([
      'match.id',
      'match.thread_id',
      'match.author_id',
      'match.body_markdown',
      'match.created_at',
      sql<number>`ts_rank_cd(match.search_vector, ${query})`.as('rank'),
    ])
    .offset(0)
}

/**
 * Full-text search over the community's threads and replies, in every language of the community (its
 * search configurations, `simple` for a language PostgreSQL cannot stem), best match first: a word in a
 * thread's title counts more than one in a post's body. Hidden and deleted posts, and every post of a
 * hidden or deleted thread, are left out. Pages are keyset pages on (rank, id); ranking covers the newest
 * `maxRankedMatches` matching posts. A query with no word to look for (empty, or only very common words)
 * is 400 `KINDRED_SEARCH_QUERY_EMPTY`.
 *
 * @example const { items, next } = await searchPosts(actor, { q: 'flare ups "after surgery"', limit: 20 })
 */
// Results are best first: by rank (as PostgreSQL prints its `real`, which reads back as the very same value,
// so the next page starts exactly after this row), then by the post's id.
const rankKeys = keyset(['rank', 'bigint'])

export async function searchPosts(actor: CommunityActor, query: SearchQuery): Promise<Page<SearchHit>> {
  const { tenant } = actor
  const position = query.cursor === undefined ? undefined : rankKeys.decode(query.cursor)
  const configs = await searchConfigs(tenant, query.q)
  const match = tsquery(tenant.schema, configs, query.q)
  const db = tenant.query
  let select = db
    .selectFrom(rankedMatches(db, match).as('r'))
    .innerJoin('threads as t', 't.id', 'r.thread_id')
    .innerJoin('members as m', 'm.member_id', 'r.author_id')
    .select([
      'r.id',
      'r.thread_id',
      'r.author_id',
      'r.created_at',
      'r.rank',
      't.title',
      'm.pseudonym',
      'm.role',
      sql<string>`r.rank::text`.as('position'),
      headline(tenant.schema, configs, sql<string>`translate(r.body_markdown, ${startMark + stopMark}, '')`, query.q, match).as('headline'),
    ])
    .where('t.hidden_at', 'is', null)
    .where('t.deleted_at', 'is', null)
  if (position !== undefined) select = select.where(rankKeys.after(['r.rank', 'r.id'], 'desc', position))
  const rows = await select
    .orderBy('r.rank', 'desc')
    .orderBy('r.id', 'desc')
    .limit(query.limit + 1)
    .execute()
  return toPage(
    rows,
    query.limit,
    (row) => rankKeys.encode([row.position, row.id]),
    (row) => ({
      postId: row.id,
      threadId: row.thread_id,
      threadTitle: row.title,
      author: { memberId: row.author_id, pseudonym: row.pseudonym, role: row.role },
      snippet: snippetHtml(row.headline),
      rank: row.rank,
      createdAt: row.created_at,
    }),
  )
}
