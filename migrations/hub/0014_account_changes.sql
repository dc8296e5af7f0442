-- Hubs keep what GET /v1/me and switching community read in memory: an account's profile (roles,
-- disclosures, memberships) and its membership of each community. They must forget it the moment it
-- changes, whoever changed it: our code, another hub process, a worker or an operator at a psql prompt. These
-- triggers tell them through NOTIFY, delivered at commit: the account whose data changed, or `*` when a
-- community's name, status or location changed (rare, and it concerns every member).
create function :SCHEMA.notify_account_change() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'accounts' then
    perform pg_notify('kindred_account_changes', old.id::text);
  else
    perform pg_notify('kindred_account_changes', coalesce(new.account_id, old.account_id)::text);
  end if;
  return null;
end
$$;

create function :SCHEMA.notify_community_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('kindred_account_changes', '*');
  return null;
end
$$;

create trigger accounts_changed after update or delete on :SCHEMA.accounts
  for each row execute function :SCHEMA.notify_account_change();
create trigger disclosures_changed after insert or update or delete on :SCHEMA.disclosures
  for each row execute function :SCHEMA.notify_account_change();
create trigger memberships_changed after insert or update or delete on :SCHEMA.memberships
  for each row execute function :SCHEMA.notify_account_change();
create trigger communities_changed after update of slug, name, status, placement, schema_name or delete on :SCHEMA.communities
  for each row execute function :SCHEMA.notify_community_change();
