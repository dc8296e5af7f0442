import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { founderState, getProposal, type ProposalWithHistory } from './proposal.ts'
import { syncReadiness } from './readiness.ts'
import type { IncubatorSettings } from './settings.ts'
import { recordProposalTransition } from './transitions.ts'

/**
 * The founder withdraws their proposal (from open, ready or changes requested), optionally saying why;
 * its slug and disease are free again at once.
 *
 * @example await withdrawProposal(db, config.incubator, { proposalId, accountId, reason: 'We joined the FOP community' })
 * @throws KindredError 404, 403 (not the founder), `KINDRED_INVALID_TRANSITION` (409).
 */
export async function withdrawProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  move: { proposalId: string; accountId: string; reason?: string | undefined },
): Promise<ProposalWithHistory> {
  const state = await founderState(db, move.proposalId, move.accountId)
  await recordProposalTransition(db, {
    proposalId: move.proposalId,
    from: state.status,
    to: 'withdrawn',
    actor: 'founder',
    actorId: move.accountId,
    reason: move.reason?.trim() || null,
  })
  return getProposal(db, settings, move.proposalId)
}

/**
 * The founder reopens a proposal after making the changes staff asked for. It is open again, and ready at
 * once if the support it kept still meets its thresholds (which may have changed with its prevalence class).
 *
 * @example await reopenProposal(db, config.incubator, { proposalId, accountId })
 * @throws KindredError 404, 403 (not the founder), `KINDRED_INVALID_TRANSITION` (409).
 */
export async function reopenProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  move: { proposalId: string; accountId: string },
): Promise<ProposalWithHistory> {
  await db.transaction().execute(async (trx) => {
    const state = await founderState(trx, move.proposalId, move.accountId, { lock: true })
    if (state.status !== 'changes_requested') {
      throw new KindredError('KINDRED_INVALID_TRANSITION', `Only a proposal sent back for changes is reopened; this one is ${state.status}`)
    }
    await recordProposalTransition(trx, {
      proposalId: move.proposalId,
      from: state.status,
      to: 'open',
      actor: 'founder',
      actorId: move.accountId,
      reason: null,
    })
    await syncReadiness(trx, settings, { ...state, status: 'open' })
  })
  return getProposal(db, settings, move.proposalId)
}
