-- Every community request checks the member making it. Hubs keep recently checked members in memory and
-- must forget one the moment it changes (a ban, a role, leaving, a decision on joining), whoever changed it:
-- the hub's own code, another hub process, a worker or an operator at a psql prompt. A trigger tells them,
-- through NOTIFY on the placement, which member of which schema changed; delivered at commit, so never
-- before the change is visible.
create function :SCHEMA.notify_member_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('kindred_member_changes', tg_table_schema || ' ' || coalesce(new.member_id, old.member_id)::text);
  return null;
end
$$;

create trigger members_changed after insert or update or delete on :SCHEMA.members
  for each row execute function :SCHEMA.notify_member_change();
