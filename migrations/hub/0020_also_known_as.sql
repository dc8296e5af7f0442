-- Other names of a proposal's disease ("Stone man syndrome" for fibrodysplasia ossificans progressiva), carried
-- to its community when it is provisioned: people look for a disease under the name they were told.
alter table :SCHEMA.proposals add column also_known_as text[] not null default '{}'
  check (cardinality(also_known_as) <= 10);
alter table :SCHEMA.communities add column also_known_as text[] not null default '{}';

-- The form in which the directory compares texts: compatibility-decomposed (NFKD, as the incubator's disease
-- key), accents dropped, lower case, runs of white space as one space. Written in SQL with built-in functions
-- only (no unaccent, which a managed server may not offer), so that the stored text and the searched words
-- go through the very same function. The marks dropped are the combining accents of the Latin, Greek and
-- Cyrillic scripts; the vowel signs of other scripts are part of the spelling and stay.
create function :SCHEMA.search_folded(value text) returns text
  language sql immutable strict parallel safe
  return btrim(regexp_replace(
    lower(regexp_replace(normalize(value, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g')),
    '\s+', ' ', 'g'));

-- What a community is found by: each name folded, one a line. Folding turns every line break of a search into
-- a space, so a search never matches across two names.
create function :SCHEMA.community_search_text(name text, disease_name text, orpha_code text, also_known_as text[]) returns text
  language sql immutable parallel safe
  return concat_ws(E'\n', :SCHEMA.search_folded(name), :SCHEMA.search_folded(disease_name), :SCHEMA.search_folded(orpha_code),
                   (select string_agg(:SCHEMA.search_folded(other), E'\n') from unnest(also_known_as) as other));

-- Generated, so that every writer of communities (provisioning, the seed, an operator's SQL) keeps it true.
alter table :SCHEMA.communities add column search_text text not null
  generated always as (:SCHEMA.community_search_text(name, disease_name, orpha_code, also_known_as)) stored;

-- The LIKE pattern of a search: the words folded as the stored text is, then `\`, `%` and `_` escaped, so
-- that they are characters and not wildcards (after folding: NFKD turns a full-width ％ into %).
create function :SCHEMA.search_pattern(query text) returns text
  language sql immutable strict parallel safe
  return '%' || regexp_replace(:SCHEMA.search_folded(query), '([\\%_])', '\\\1', 'g') || '%';

create index communities_search_trgm_idx on :SCHEMA.communities using gin (search_text :SCHEMA.gin_trgm_ops);
