-- Full-text search in every search configuration of the community (settings.search_configs) needs to join
-- one value per configuration into one: PostgreSQL has the operators (`||` on tsvector and on tsquery)
-- but no aggregates over them. Written inside the same statement as the post (or the search) they serve,
-- so the configurations are read where they are used, without a round trip of their own.

-- A post's vectors in each configuration, concatenated in order (positions shift as with `||`).
create aggregate :SCHEMA.tsvector_concat_agg(tsvector) (sfunc = pg_catalog.tsvector_concat, stype = tsvector, initcond = '');

-- A search's queries in each configuration, OR'd: a post matches in any of the community's languages.
-- An empty query (only stop words in that language) drops out of the OR; all empty gives an empty query.
create aggregate :SCHEMA.tsquery_or_agg(tsquery) (sfunc = pg_catalog.tsquery_or, stype = tsquery);
