-- replaces checksum 8f53312a29d20ab55f569b57b3d93e4662fe25e8eb281c8c5a3b6f7650db6722 (this file before its column constraints were named, for Citus)
-- The notifications beyond replies: a mention of one's pseudonym in a post, a direct message, a decision on
-- one's request to join, and (for moderators) new requests to join and new reports. A mention comes from the
-- fan-out of posts, like a reply; the others are written here, by triggers, in the transaction of what they
-- tell of, so no request pays a statement for them and none is told of something that did not commit.

-- What a notification is about, beyond a thread and a post: a message, a report, the member who asked to
-- join (a moderator's notification) or whose request was decided (their own), and that decision.
alter table :SCHEMA.notifications
  add column message_id bigint constraint notifications_message_id_fkey references :SCHEMA.messages (id) on delete cascade,
  add column report_id bigint constraint notifications_report_id_fkey references :SCHEMA.reports (id) on delete cascade,
  add column applicant_id uuid constraint notifications_applicant_id_fkey references :SCHEMA.members (member_id) on delete cascade,
  add column decision text constraint notifications_decision_check check (decision in ('approved', 'declined')),
  add constraint notifications_join_decision_check check ((kind = 'join_decision') = (decision is not null));

-- A message or a report is told once to each member, whatever runs twice; the same indexes find a message's
-- or a report's notifications (deleting a message, settling a report), and an applicant's.
create unique index notifications_message_key on :SCHEMA.notifications (message_id, member_id) where message_id is not null;
create unique index notifications_report_key on :SCHEMA.notifications (report_id, member_id) where report_id is not null;
create index notifications_applicant_idx on :SCHEMA.notifications (applicant_id) where applicant_id is not null;

-- Notifications written by the triggers below whose mail is not queued yet: the fan-out takes them (with the
-- posts of post_notices) and queues the mail of those who take their kind at once.
create table :SCHEMA.notification_notices (
  notification_id bigint primary key references :SCHEMA.notifications (id) on delete cascade
);

create function :SCHEMA.queue_notification_notice() returns trigger language plpgsql as $$
begin
  insert into :SCHEMA.notification_notices (notification_id) values (new.id);
  return null;
end
$$;

create trigger notifications_noticed after insert on :SCHEMA.notifications
  for each row when (new.kind in ('message', 'join_decision', 'moderation'))
  execute function :SCHEMA.queue_notification_notice();

-- A direct message tells its recipient.
create function :SCHEMA.notify_message() returns trigger language plpgsql as $$
begin
  insert into :SCHEMA.notifications (member_id, kind, message_id) values (new.recipient_id, 'message', new.id);
  return null;
end
$$;

create trigger messages_notified after insert on :SCHEMA.messages
  for each row execute function :SCHEMA.notify_message();

-- A message read (its conversation opened) is a notification read.
create function :SCHEMA.settle_message() returns trigger language plpgsql as $$
begin
  update :SCHEMA.notifications set read_at = new.read_at
  where message_id = new.id and member_id = new.recipient_id and read_at is null;
  return null;
end
$$;

create trigger messages_settled after update of read_at on :SCHEMA.messages
  for each row when (old.read_at is null and new.read_at is not null)
  execute function :SCHEMA.settle_message();

-- The moderators and owners in good standing (but `except_id`) are told of a request to join or a report.
create function :SCHEMA.notify_moderators(except_id uuid, applicant uuid, report bigint) returns void language sql as $$
  insert into :SCHEMA.notifications (member_id, kind, applicant_id, report_id)
  select m.member_id, 'moderation', applicant, report
  from :SCHEMA.members m
  where m.role in ('moderator', 'owner') and m.approval = 'approved' and m.left_at is null and m.banned_at is null
    and m.member_id is distinct from except_id
$$;

-- A request to join (a new member waiting, or one asking again after leaving or being declined) tells the
-- moderators; a decision on a request tells the member who asked, and marks the moderators' notifications
-- of it read.
create function :SCHEMA.notify_join() returns trigger language plpgsql as $$
begin
  if new.approval = 'pending' and new.left_at is null
     and (tg_op = 'INSERT' or old.approval <> 'pending' or old.left_at is not null) then
    perform :SCHEMA.notify_moderators(new.member_id, new.member_id, null);
  elsif tg_op = 'UPDATE' and old.approval = 'pending' and new.approval in ('approved', 'declined') then
    insert into :SCHEMA.notifications (member_id, kind, applicant_id, decision)
    values (new.member_id, 'join_decision', new.member_id, new.approval);
    -- Decided: nothing waits for the other moderators any more.
    update :SCHEMA.notifications set read_at = now()
    where kind = 'moderation' and applicant_id = new.member_id and read_at is null;
  end if;
  return null;
end
$$;

create trigger members_join_notified after insert or update of approval, left_at on :SCHEMA.members
  for each row execute function :SCHEMA.notify_join();

-- A report tells the moderators (a moderator who reports is not told of their own report).
create function :SCHEMA.notify_report() returns trigger language plpgsql as $$
begin
  perform :SCHEMA.notify_moderators(new.reporter_id, null, new.id);
  return null;
end
$$;

create trigger reports_notified after insert on :SCHEMA.reports
  for each row execute function :SCHEMA.notify_report();

-- A report resolved waits for no one: the moderators' notifications of it are marked read.
create function :SCHEMA.settle_report() returns trigger language plpgsql as $$
begin
  update :SCHEMA.notifications set read_at = now()
  where kind = 'moderation' and report_id = new.id and read_at is null;
  return null;
end
$$;

create trigger reports_settled after update of resolved_at on :SCHEMA.reports
  for each row when (old.resolved_at is null and new.resolved_at is not null)
  execute function :SCHEMA.settle_report();
