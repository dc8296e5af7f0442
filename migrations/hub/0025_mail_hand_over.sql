-- A delivery's hand-over to SMTP gets a state of its own, so a crash can no longer send a message twice.
-- 'claimed': the job took the key and will send it (a retry sends it again after a failure); 'handing_over':
-- the message is on its way to the server, whose answer never came back if the row is still so after the
-- job stopped. A retry then cannot know whether the server took it, and sends it no more: at most once.
alter table :SCHEMA.mail_deliveries drop constraint mail_deliveries_state_check;

update :SCHEMA.mail_deliveries set state = 'claimed' where state = 'sending';

alter table :SCHEMA.mail_deliveries
  add constraint mail_deliveries_state_check check (state in ('claimed', 'handing_over', 'sent', 'dropped'));
