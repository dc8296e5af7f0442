-- The one step a superuser takes on each placement database so that Kindred's own role (not a superuser)
-- can move communities between placements (npm run kindred -- communities:move). PostgreSQL 15 lets only
-- a superuser create or drop a subscription (16 and later also members of pg_create_subscription): these
-- two functions, owned by the superuser who runs this file, do it for Kindred's role, for the
-- subscriptions of moves only. Creating a move's publication needs only the tables' ownership; its slot
-- needs the REPLICATION attribute, given below.
--
-- Run once per placement database, as a superuser, with :ROLE replaced by Kindred's role:
--   sed 's/:ROLE/kindred/g' infra/postgresql/moves.sql | psql -U postgres -d communities
-- It may be run again (after an upgrade of Kindred): it replaces what it made.

alter role :ROLE replication;

create schema if not exists kindred_moves;
revoke all on schema kindred_moves from public;
grant usage on schema kindred_moves to :ROLE;

-- Without a replication slot of its own (Kindred creates it on the source first), a subscription may be
-- created inside a function: only `create_slot = true` needs a statement of its own.
create or replace function kindred_moves.subscribe(name text, conninfo text) returns void
language plpgsql security definer set search_path = pg_catalog as $$
begin
  if name !~ '^kindred_move_[a-z0-9_]+$' then
    raise exception 'not the subscription of a community move: %', name;
  end if;
  execute format(
    'create subscription %I connection %L publication %I with (create_slot = false, slot_name = %L, copy_data = true)',
    name, conninfo, name, name);
end
$$;

-- Detached from its slot first (which Kindred drops on the source itself), so the drop needs no
-- connection to the source and may run inside a function.
create or replace function kindred_moves.unsubscribe(name text) returns void
language plpgsql security definer set search_path = pg_catalog as $$
begin
  if name !~ '^kindred_move_[a-z0-9_]+$' then
    raise exception 'not the subscription of a community move: %', name;
  end if;
  if not exists (
    select from pg_subscription
    where subname = name and subdbid = (select oid from pg_database where datname = current_database())
  ) then
    return;
  end if;
  execute format('alter subscription %I disable', name);
  execute format('alter subscription %I set (slot_name = none)', name);
  execute format('drop subscription %I', name);
end
$$;

revoke all on function kindred_moves.subscribe(text, text), kindred_moves.unsubscribe(text) from public;
grant execute on function kindred_moves.subscribe(text, text), kindred_moves.unsubscribe(text) to :ROLE;
