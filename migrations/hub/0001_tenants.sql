-- The registry of tenant schemas. A schema name is derived from the tenant's id, never from user input;
-- `migration_version` caches the last tenant migration applied so a rollout can skip current tenants
-- without opening their schema (the tenant's own schema_migrations table stays the source of truth).
create table :SCHEMA.tenants (
  id bigint generated always as identity primary key,
  schema_name text not null unique check (schema_name ~ '^tenant_[0-9]+$'),
  placement text not null default 'default',
  migration_version text,
  created_at timestamptz not null default now()
);
