import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import type { ProposalFields } from '@kindred/incubator'

export interface SeededProposal {
  proposalId: string
  slug: string
  diseaseName: string
  founderId: string
  moderatorIds: string[]
  memberIds: string[]
  /** Every email and display name used, to prove none of them reaches a tenant. */
  personalData: string[]
}

export interface ProposalSeed {
  slug: string
  status?: ProposalStatus
  moderators?: number
  members?: number
  languages?: string[]
  orphaCode?: string | null
  /** Default: "Disease <slug, hyphens as spaces>". */
  diseaseName?: string
  alsoKnownAs?: string[]
}

async function insertAccount(db: Kysely<HubDatabase>, label: string): Promise<{ id: string; email: string; displayName: string }> {
  const account = { id: randomUUID(), email: `${label}@example.org`, displayName: `Display ${label}` }
  await db
    .insertInto('hub.accounts')
    .values({
      id: account.id,
      email: account.email,
      display_name: account.displayName,
      password_hash: 'not-a-real-hash',
      email_verified_at: new Date(),
    })
    .execute()
  return account
}

/**
 * A proposal as the incubator leaves it once staff approved it (or in `status`), written straight into the
 * hub tables with its founder, volunteer moderators and member supporters (accounts of their own, with
 * emails and display names that must never reach a tenant). Fast: no HTTP, no password hashing.
 */
export async function insertProposal(db: Kysely<HubDatabase>, seed: ProposalSeed): Promise<SeededProposal> {
  const founder = await insertAccount(db, `${seed.slug}-founder`)
  const moderators = await Promise.all(
    Array.from({ length: seed.moderators ?? 2 }, (_, index) => insertAccount(db, `${seed.slug}-moderator-${index}`)),
  )
  const members = await Promise.all(
    Array.from({ length: seed.members ?? 3 }, (_, index) => insertAccount(db, `${seed.slug}-member-${index}`)),
  )
  const proposalId = randomUUID()
  const diseaseName = seed.diseaseName ?? `Disease ${seed.slug.replaceAll('-', ' ')}`
  await db
    .insertInto('hub.proposals')
    .values({
      id: proposalId,
      founder_id: founder.id,
      disease_name: diseaseName,
      disease_key: diseaseName.toLowerCase(),
      orpha_code: seed.orphaCode ?? null,
      prevalence_class: 'lt_1_per_1m',
      slug: seed.slug,
      summary: `A community for people living with ${diseaseName}`,
      languages: seed.languages ?? ['en'],
      founder_statement: 'I live with it and want to meet others who do',
      also_known_as: seed.alsoKnownAs ?? [],
      status: seed.status ?? 'approved',
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute()
  const supports = [
    ...moderators.map((account) => ({ proposal_id: proposalId, account_id: account.id, support_as: 'moderator' as const })),
    ...members.map((account) => ({ proposal_id: proposalId, account_id: account.id, support_as: 'member' as const })),
  ]
  if (supports.length > 0) await db.insertInto('hub.proposal_supports').values(supports).execute()
  const everyone = [founder, ...moderators, ...members]
  return {
    proposalId,
    slug: seed.slug,
    diseaseName,
    founderId: founder.id,
    moderatorIds: moderators.map((account) => account.id),
    memberIds: members.map((account) => account.id),
    personalData: everyone.flatMap((account) => [account.email, account.displayName]),
  }
}

/** A valid proposal for FOP, as a founder sends it; `overrides` change what a test is about. */
export function proposalFields(overrides: Partial<ProposalFields> = {}): ProposalFields {
  return {
    diseaseName: 'Fibrodysplasia ossificans progressiva',
    orphaCode: 'ORPHA:337',
    prevalenceClass: 'lt_1_per_1m',
    slug: 'fop',
    summary: 'A community for people living with FOP and their families.',
    languages: ['en', 'fr'],
    founderStatement: 'I have lived with FOP for twenty years and want a safe place to talk.',
    ...overrides,
  }
}
