import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import type { SupportThreshold } from '@kindred/config'
import type { ProposalState } from './proposal.ts'
import type { IncubatorSettings } from './settings.ts'
import { recordProposalTransition } from './transitions.ts'

/**
 * Whether support meets a threshold: enough supporters in all (volunteer moderators count as supporters,
 * they will be members too) and, among them, enough volunteer moderators.
 *
 * @example meetsThreshold({ supporters: 3, moderators: 1 }, { supporters: 3, moderators: 1 }) // true
 */
export function meetsThreshold(support: { supporters: number; moderators: number }, threshold: SupportThreshold): boolean {
  return support.supporters >= threshold.supporters && support.moderators >= threshold.moderators
}

async function countSupport(db: Kysely<HubDatabase>, proposalId: string): Promise<{ supporters: number; moderators: number }> {
  return db
    .selectFrom('hub.proposal_supports')
    .select([
      sql<number>`count(*)::int`.as('supporters'),
      sql<number>`(count(*) filter (where support_as = 'moderator'))::int`.as('moderators'),
    ])
    .where('proposal_id', '=', proposalId)
    .executeTakeFirstOrThrow()
}

/**
 * Moves an open proposal whose support now meets its thresholds to ready, and a ready one whose support
 * fell below them back to open; other statuses are left alone. Runs in the transaction that changed the
 * support, under the proposal's row lock, so concurrent supporters cannot both miss (or both make) the move.
 */
export async function syncReadiness(trx: Kysely<HubDatabase>, settings: IncubatorSettings, state: ProposalState): Promise<ProposalStatus> {
  if (state.status !== 'open' && state.status !== 'ready') return state.status
  const met = meetsThreshold(await countSupport(trx, state.id), settings.thresholds[state.prevalenceClass])
  const target = met ? 'ready' : 'open'
  if (target === state.status) return state.status
  const reason = met ? 'Enough supporters and volunteer moderators' : 'Support fell below the thresholds'
  await recordProposalTransition(trx, { proposalId: state.id, from: state.status, to: target, actor: 'system', actorId: null, reason })
  return target
}
