import type { CommunityStatus, PrevalenceClass } from '@kindred/db'

/** A live community as the public directory lists it. */
export interface DirectoryEntry {
  slug: string
  name: string
  diseaseName: string
  orphaCode: string | null
  languages: string[]
  description: string
  /** Other names of the disease, which the directory's search finds it by too. */
  alsoKnownAs: string[]
}

/**
 * A community's public card: live, or archived (read-only). No member counts: in a rare disease a small
 * count can identify someone.
 */
export interface CommunityCard extends DirectoryEntry {
  status: 'live' | 'archived'
  prevalenceClass: PrevalenceClass
  liveAt: Date | null
  archivedAt: Date | null
}

/** Everything staff see of a community, whatever its status. */
export interface StaffCommunityView extends DirectoryEntry {
  id: string
  proposalId: string | null
  status: CommunityStatus
  prevalenceClass: PrevalenceClass
  placement: string
  schemaName: string
  migrationVersion: string | null
  /** Why the last provisioning attempt failed; only while `provisioning_failed`. */
  provisioningError: string | null
  createdAt: Date
  liveAt: Date | null
  archivedAt: Date | null
  /**
   * Since when the community has had no owner: its last owner's account was erased or banned and no
   * moderator could take over. Null once staff appoint one (and for every community that has an owner).
   */
  needsOwnerSince: Date | null
}

/** Columns of hub.communities behind the views, as Kysely selections. */
export const entryColumns = [
  'slug',
  'name',
  'disease_name as diseaseName',
  'orpha_code as orphaCode',
  'languages',
  'description',
  'also_known_as as alsoKnownAs',
] as const

export const staffColumns = [
  ...entryColumns,
  'id',
  'proposal_id as proposalId',
  'status',
  'prevalence_class as prevalenceClass',
  'placement',
  'schema_name as schemaName',
  'migration_version as migrationVersion',
  'provisioning_error as provisioningError',
  'created_at as createdAt',
  'live_at as liveAt',
  'archived_at as archivedAt',
  'needs_owner_since as needsOwnerSince',
] as const
