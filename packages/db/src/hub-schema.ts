import type { ColumnType, Generated } from 'kysely'

/** Kysely's view of the hub's tables (schema `hub`, see migrations/hub). */
export interface HubDatabase {
  'hub.tenants': TenantsTable
  'hub.schema_migrations': SchemaMigrationsTable
  'hub.signing_keys': SigningKeysTable
  'hub.accounts': AccountsTable
  'hub.refresh_tokens': RefreshTokensTable
  'hub.rate_limits': RateLimitsTable
  'hub.role_changes': RoleChangesTable
  'hub.charters': ChartersTable
}

export interface TenantsTable {
  id: Generated<string>
  schema_name: string
  placement: string
  migration_version: string | null
  created_at: ColumnType<Date, never, never>
}

export interface SchemaMigrationsTable {
  name: string
  checksum: string
  applied_at: ColumnType<Date, never, never>
}

/** A public signing key as published in the JWKS (RFC 7517, OKP key type of RFC 8037). */
export interface PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  alg: 'EdDSA'
  use: 'sig'
}

export interface SigningKeysTable {
  kid: string
  algorithm: 'EdDSA'
  /** Written as JSON text, read back parsed. */
  public_jwk: ColumnType<PublicJwk, string, never>
  encrypted_private_key: ColumnType<Buffer, Buffer, never>
  created_at: ColumnType<Date, never, never>
  retired_at: ColumnType<Date | null, never, Date>
  published_until: ColumnType<Date | null, never, Date>
}

export type NetworkRole = 'staff' | 'industry' | 'health_professional'

export interface AccountsTable {
  id: string
  email: string
  display_name: string
  password_hash: string
  roles: ColumnType<NetworkRole[], NetworkRole[] | undefined, NetworkRole[]>
  sessions_valid_after: ColumnType<Date, Date | undefined, Date>
  created_at: ColumnType<Date, never, never>
}

export interface RefreshTokensTable {
  id: string
  family_id: string
  account_id: string
  token_hash: Buffer
  issued_at: ColumnType<Date, Date | undefined, never>
  family_expires_at: Date
  used_at: ColumnType<Date | null, never, Date>
  revoked_at: ColumnType<Date | null, never, Date>
}

export interface RateLimitsTable {
  key_hash: Buffer
  window_ends_at: Date
  hits: number
}

export interface RoleChangesTable {
  id: Generated<string>
  account_id: string | null
  role: NetworkRole
  change: 'grant' | 'revoke'
  changed_by: string | null
  changed_at: ColumnType<Date, never, never>
}

export interface ChartersTable {
  version: number
  text: string
  published_at: ColumnType<Date, never, never>
  published_by: string | null
}
