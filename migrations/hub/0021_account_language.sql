-- The interface language a member chose, kept with the account so that it follows them to every browser
-- (and, later, to the mail they receive); null until they choose, when pages follow the community's first
-- language, else the browser's. A language tag, checked for its shape only: a language added to the site
-- needs no migration.
alter table :SCHEMA.accounts add column language text
  check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
