import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { loadConfig } from '@kindred/config'
import type { HubDatabase, SupportAs } from '@kindred/db'
import { createProposal, supportProposal, type IncubatorSettings, type ProposalFields } from '@kindred/incubator'
import { proposalFields } from '@kindred/testkit'

/** The default settings: e.g. lt_1_per_1m needs 3 supporters of whom 1 moderator, unknown 10 and 2. */
export const settings: IncubatorSettings = loadConfig({}).incubator

/**
 * Accounts written straight into the table (hashing real passwords would only slow the tests down), their
 * addresses confirmed unless `verified: false`; the incubator only needs their ids.
 */
export async function createAccounts(db: Kysely<HubDatabase>, count: number, options: { verified?: boolean } = {}): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID())
  const verifiedAt = options.verified === false ? null : new Date()
  await db
    .insertInto('hub.accounts')
    .values(
      ids.map((id) => ({
        id,
        email: `${id}@example.org`,
        display_name: `Person ${id.slice(0, 4)}`,
        password_hash: 'not-a-hash',
        email_verified_at: verifiedAt,
      })),
    )
    .execute()
  return ids
}

/** A founder and their new proposal. */
export async function openProposal(
  db: Kysely<HubDatabase>,
  overrides: Partial<ProposalFields> = {},
  options: { settings?: IncubatorSettings } = {},
) {
  const [founderId = ''] = await createAccounts(db, 1)
  const { proposal } = await createProposal(db, options.settings ?? settings, founderId, proposalFields(overrides))
  return { founderId, proposalId: proposal.id }
}

/** `count` new accounts supporting the proposal `as` members or moderators; their ids. */
export async function addSupporters(db: Kysely<HubDatabase>, proposalId: string, count: number, as: SupportAs): Promise<string[]> {
  const ids = await createAccounts(db, count)
  for (const accountId of ids) await supportProposal(db, settings, { proposalId, accountId, as })
  return ids
}
