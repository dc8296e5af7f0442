-- Search ignores accents, as the community directory does (hub migration 0020): "alstrom" finds "Alström",
-- "hopital" finds "hôpital". Posts are indexed, and queries parsed, in this folded form: compatibility-
-- decomposed (NFKD) and without the combining accents of the Latin, Greek and Cyrillic scripts. Built-in
-- functions only (no unaccent, which a managed server may not offer); the vowel signs of other scripts are
-- part of the spelling and stay. Case is left to the text search configuration, which lowers it anyway.
create function :SCHEMA.search_folded(value text) returns text
  language sql immutable strict parallel safe
  return regexp_replace(normalize(value, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g');

-- Every post still searchable, indexed again as the forum now writes it (packages/forum/src/search-vector.ts):
-- in each search configuration, in order, the thread's title for an opening post (weight A), then the body (B).
with opening as (
  select distinct on (thread_id) id from :SCHEMA.posts order by thread_id, created_at, id
)
update :SCHEMA.posts as p set search_vector = (
  select :SCHEMA.tsvector_concat_agg(
           case when p.id in (select id from opening)
                then setweight(to_tsvector(c.name::regconfig, :SCHEMA.search_folded(t.title)), 'A') else ''::tsvector end
           || setweight(to_tsvector(c.name::regconfig, :SCHEMA.search_folded(p.body_markdown)), 'B')
           order by c.ord)
  from :SCHEMA.settings s cross join unnest(s.search_configs) with ordinality as c(name, ord)
)
from :SCHEMA.threads as t
where t.id = p.thread_id and p.search_vector is not null;
