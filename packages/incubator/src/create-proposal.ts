import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { assertEmailVerified } from '@kindred/identity'
import { diseaseKey } from './disease-key.ts'
import { assertNoConflict, raceAsConflict, similarDiseases, type SimilarEntry } from './duplicates.ts'
import { getProposal, type ProposalWithHistory } from './proposal.ts'
import { normaliseProposalFields, proposalColumns, type ProposalFields } from './proposal-fields.ts'
import { supportWindowEnd, type IncubatorSettings } from './settings.ts'
import { insertProposalEvent } from './transitions.ts'

/** A proposal just written, with communities and proposals whose disease resembles it. */
export interface ProposalWithSimilar {
  proposal: ProposalWithHistory
  similar: SimilarEntry[]
}

/**
 * Opens a proposal for a new community, founded by `founderId`: it gathers support until its window
 * closes (`PROPOSAL_SUPPORT_WINDOW_DAYS`). A proposal for a disease that already has a community or a
 * pending proposal (same Orphanet code or disease key) is refused, as is a slug already in use, and a
 * founder who has not confirmed their address (`KINDRED_EMAIL_UNVERIFIED`); similar disease names come
 * back as suggestions.
 *
 * @example const { proposal, similar } = await createProposal(db, config.incubator, accountId, { diseaseName: 'Fibrodysplasia ossificans progressiva', orphaCode: 'ORPHA:337', slug: 'fop', summary, languages: ['en'], founderStatement })
 * @throws KindredError `KINDRED_VALIDATION_FAILED` (400), `KINDRED_EMAIL_UNVERIFIED` (403); ProposalConflictError (409).
 */
export async function createProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  founderId: string,
  fields: ProposalFields,
): Promise<ProposalWithSimilar> {
  const values = normaliseProposalFields(fields)
  await assertEmailVerified(db, founderId)
  await assertNoConflict(db, values)
  const id = randomUUID()
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('hub.proposals')
        .values({
          id,
          founder_id: founderId,
          ...proposalColumns(values),
          expires_at: supportWindowEnd(settings),
        })
        .execute()
      await insertProposalEvent(trx, id, null, 'open', founderId, null)
    })
  } catch (error) {
    return raceAsConflict(db, error, values)
  }
  return {
    proposal: await getProposal(db, settings, id),
    similar: await similarDiseases(db, values.diseaseKey, { otherKeys: values.alsoKnownAs.map(diseaseKey), excludeProposalId: id }),
  }
}
