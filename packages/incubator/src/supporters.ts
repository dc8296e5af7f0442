import type { Kysely } from 'kysely'
import type { HubDatabase, SupportAs } from '@kindred/db'

/** One supporter of a proposal as network staff see them: their account's display name, never a pseudonym. */
export interface ProposalSupporter {
  accountId: string
  displayName: string
  as: SupportAs
  since: Date
}

/**
 * Who supports a proposal, volunteer moderators first, then oldest support first: for staff reviewing it
 * (the public only ever sees counts). Display names are the network's own; the pseudonyms these people
 * will take in the community do not exist yet and are never linked here.
 *
 * @example const supporters = await listProposalSupporters(db, proposalId) // [{ displayName: 'Ana', as: 'moderator', … }]
 */
export async function listProposalSupporters(db: Kysely<HubDatabase>, proposalId: string): Promise<ProposalSupporter[]> {
  const rows = await db
    .selectFrom('hub.proposal_supports as s')
    .innerJoin('hub.accounts as a', 'a.id', 's.account_id')
    .select(['s.account_id', 'a.display_name', 's.support_as', 's.created_at'])
    .where('s.proposal_id', '=', proposalId)
    .orderBy((eb) => eb.case().when('s.support_as', '=', 'moderator').then(0).else(1).end())
    .orderBy('s.created_at')
    .orderBy('s.account_id')
    .execute()
  return rows.map((row) => ({ accountId: row.account_id, displayName: row.display_name, as: row.support_as, since: row.created_at }))
}
