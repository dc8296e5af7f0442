import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { ProposalWithSimilar } from './create-proposal.ts'
import { diseaseKey } from './disease-key.ts'
import { assertNoConflict, raceAsConflict, similarDiseases } from './duplicates.ts'
import { founderState, getProposal } from './proposal.ts'
import { normaliseProposalFields, proposalColumns, type ProposalFields } from './proposal-fields.ts'
import type { IncubatorSettings } from './settings.ts'

const notEditable = (status: string): KindredError =>
  new KindredError('KINDRED_PROPOSAL_NOT_EDITABLE', `A proposal is edited only when staff have asked for changes; this one is ${status}`)

// Absent (or undefined) fields keep their value; `orphaCode: null` removes the code, `alsoKnownAs: []` every other name.
function merge(current: ProposalFields, changes: Partial<ProposalFields>): ProposalFields {
  return {
    diseaseName: changes.diseaseName ?? current.diseaseName,
    orphaCode: changes.orphaCode === undefined ? current.orphaCode : changes.orphaCode,
    prevalenceClass: changes.prevalenceClass ?? current.prevalenceClass,
    slug: changes.slug ?? current.slug,
    summary: changes.summary ?? current.summary,
    languages: changes.languages ?? current.languages,
    founderStatement: changes.founderStatement ?? current.founderStatement,
    alsoKnownAs: changes.alsoKnownAs ?? current.alsoKnownAs,
  }
}

/**
 * Applies the founder's edits to a proposal staff sent back with `changes_requested`; the founder then
 * reopens it. Only then: supporters backed the proposal as it was, so it does not change under them while
 * they gather. Every field may change (`orphaCode: null` removes the code); the result is checked like a
 * new proposal, duplicates and slug included.
 *
 * @example await editProposal(db, config.incubator, { proposalId, accountId, changes: { summary: 'Clearer summary' } })
 * @throws KindredError 404, 403 (not the founder), `KINDRED_PROPOSAL_NOT_EDITABLE` (409), 400; ProposalConflictError (409).
 */
export async function editProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  edit: { proposalId: string; accountId: string; changes: Partial<ProposalFields> },
): Promise<ProposalWithSimilar> {
  const state = await founderState(db, edit.proposalId, edit.accountId)
  if (state.status !== 'changes_requested') throw notEditable(state.status)
  const current = await getProposal(db, settings, edit.proposalId)
  const values = normaliseProposalFields(merge(current, edit.changes))
  await assertNoConflict(db, values, edit.proposalId)
  let updated: bigint
  try {
    const result = await db
      .updateTable('hub.proposals')
      .set({ ...proposalColumns(values), updated_at: sql<Date>`now()` })
      .where('id', '=', edit.proposalId)
      .where('status', '=', 'changes_requested')
      .executeTakeFirst()
    updated = result.numUpdatedRows
  } catch (error) {
    return raceAsConflict(db, error, values, edit.proposalId)
  }
  // Staff declined it, or the founder withdrew it, since we looked.
  if (updated === 0n) throw notEditable((await getProposal(db, settings, edit.proposalId)).status)
  return {
    proposal: await getProposal(db, settings, edit.proposalId),
    similar: await similarDiseases(db, values.diseaseKey, {
      otherKeys: values.alsoKnownAs.map(diseaseKey),
      excludeProposalId: edit.proposalId,
    }),
  }
}
