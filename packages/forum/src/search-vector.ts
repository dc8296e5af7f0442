import { sql, type RawBuilder } from 'kysely'

/**
 * A text as search reads it: accents dropped (the tenant's `search_folded`, migrations/tenant/0012), so that
 * "alstrom" finds "Alström" and "hopital" finds "hôpital". Posts are indexed and queries parsed through it.
 *
 * @example searchFolded(schema, sql`${q}::text`) // tenant_7.search_folded($1::text)
 */
export function searchFolded(schema: string, text: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`${sql.id(schema, 'search_folded')}(${text})`
}

/**
 * What goes into `posts.search_vector` with a post's body: the body (weight B), and for an opening post
 * its thread's title (weight A, so a match in the title ranks higher), in every search configuration of
 * the community, concatenated in their order, accents folded. The configurations are read from `settings`
 * inside the statement that writes the post: no round trip of their own, and never stale.
 *
 * An `INSERT … SELECT` takes it in its select list (Citus refuses the subquery in `INSERT … VALUES`).
 *
 * @example insertInto('posts').columns([…, 'search_vector']).expression(selectNoFrom([…, postSearchVector(schema, 'Hello', 'I am new here').as('search_vector')]))
 * -- (select tenant_7.tsvector_concat_agg(setweight(to_tsvector(c.name::regconfig, tenant_7.search_folded($1)), 'A')
 * --    || setweight(to_tsvector(c.name::regconfig, tenant_7.search_folded($2)), 'B') order by c.ord)
 * --  from tenant_7.settings s cross join unnest(s.search_configs) with ordinality as c(name, ord))
 */
export function postSearchVector(schema: string, title: string | null, body: string): RawBuilder<string> {
  const vectorOf = (text: string, weight: 'A' | 'B') =>
    sql`setweight(to_tsvector(c.name::regconfig, ${searchFolded(schema, sql`${text}::text`)}), ${sql.lit(weight)})`
  const vector = title === null ? vectorOf(body, 'B') : sql`${vectorOf(title, 'A')} || ${vectorOf(body, 'B')}`
  return sql<string>`(select ${sql.id(schema, 'tsvector_concat_agg')}(${vector} order by c.ord)
    from ${sql.id(schema, 'settings')} s cross join unnest(s.search_configs) with ordinality as c(name, ord))`
}
