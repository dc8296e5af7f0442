-- replaces checksum 9375bc4393e87c97a639ecdbd2eb7fa8384c5e1ea7df2e3c99511d80a66f2768 (this file before its column constraints were named, for Citus)
-- What a member agreed to, chose and is: the charter version accepted, privacy choices, leaving and bans.
-- Contact from other members is always allowed; from researchers and from industry only on opt-in.
alter table :SCHEMA.members
  add column charter_version integer constraint members_charter_version_check check (charter_version >= 1),
  add column charter_accepted_at timestamptz,
  add column profile_visibility text not null default 'members' constraint members_profile_visibility_check check (profile_visibility in ('members', 'moderators')),
  add column listed_in_directory boolean not null default true,
  add column contact_researchers boolean not null default false,
  add column contact_industry boolean not null default false,
  add column counted_in_statistics boolean not null default true,
  add column left_at timestamptz,
  add column banned_at timestamptz;
