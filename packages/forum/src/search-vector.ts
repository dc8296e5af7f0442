import { sql, type RawBuilder } from 'kysely'

/**
 * What goes into `posts.search_vector` with a post's body: the body (weight B), and for an opening post
 * its thread's title (weight A, so a match in the title ranks higher), in every search configuration of
 * the community, concatenated in their order. The configurations are read from `settings` inside the
 * statement that writes the post: no round trip of their own, and never stale.
 *
 * @example insertInto('posts').values({ …, search_vector: postSearchVector(schema, 'Hello', 'I am new here') })
 * -- (select tenant_7.tsvector_concat_agg(setweight(to_tsvector(c.name::regconfig, $1), 'A')
 * --    || setweight(to_tsvector(c.name::regconfig, $2), 'B') order by c.ord)
 * --  from tenant_7.settings s cross join unnest(s.search_configs) with ordinality as c(name, ord))
 */
export function postSearchVector(schema: string, title: string | null, body: string): RawBuilder<string> {
  const bodyVector = sql`setweight(to_tsvector(c.name::regconfig, ${body}::text), 'B')`
  const vector = title === null ? bodyVector : sql`setweight(to_tsvector(c.name::regconfig, ${title}::text), 'A') || ${bodyVector}`
  return sql<string>`(select ${sql.id(schema, 'tsvector_concat_agg')}(${vector} order by c.ord)
    from ${sql.id(schema, 'settings')} s cross join unnest(s.search_configs) with ordinality as c(name, ord))`
}
