-- The hub's keys for signing access tokens (EdDSA over Ed25519). `kid` is the key's JWK thumbprint
-- (RFC 7638). The private key is PKCS#8, encrypted with AES-256-GCM under the master key from the
-- environment, stored as iv (12 bytes) || auth tag (16 bytes) || ciphertext; the database alone cannot
-- sign. The one key with no `retired_at` signs; a retired key stays in the JWKS until `published_until`,
-- set at retirement to retired_at + the longest access-token lifetime + the time a hub may go on signing
-- with a key it has not yet seen retired, so every token it signed has expired by then.
create table :SCHEMA.signing_keys (
  kid text primary key,
  algorithm text not null check (algorithm = 'EdDSA'),
  public_jwk jsonb not null,
  encrypted_private_key bytea not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  published_until timestamptz,
  check ((retired_at is null) = (published_until is null)),
  check (published_until >= retired_at)
);

create unique index signing_keys_one_current on :SCHEMA.signing_keys ((true)) where retired_at is null;
