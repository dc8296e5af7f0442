import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { QueueableJob } from '@kindred/job-definition'
import { getProposal, proposalState, type ProposalWithHistory } from './proposal.ts'
import type { IncubatorSettings } from './settings.ts'
import { recordProposalTransition } from './transitions.ts'

/** What staff decide about a proposal. */
export const reviewDecisions = ['approve', 'decline', 'request_changes'] as const

export type ReviewDecision = (typeof reviewDecisions)[number]

const outcome: Record<ReviewDecision, ProposalStatus> = { approve: 'approved', decline: 'declined', request_changes: 'changes_requested' }

/**
 * The job an approval queues: `community__provision`, whose module is @kindred/tenancy's (which depends on
 * this package, so the caller hands it in: `{ provisioning: communityProvisionJob }`).
 */
export interface ReviewJobs {
  provisioning: QueueableJob<{ proposalId: string }>
}

/**
 * A staff decision on a proposal, in one transaction with its history entry:
 * - `approve` (only a ready proposal: staff do not override the community's own support) queues
 *   `jobs.provisioning` (`community__provision`) in the same transaction, so the job exists exactly when the
 *   approval does;
 * - `decline` (open, ready or changes requested) ends it, with a reason the founder can read;
 * - `request_changes` (open or ready) sends it back to the founder with a reason, and gives them a fresh
 *   support window, which keeps running after they reopen it.
 * Staff do not decide on a proposal they founded. A caller that showed the proposal first (the staff console)
 * passes the status it showed as `seenStatus`: the decision then holds only if the proposal is still in it,
 * so a decision taken on a page gone stale (support withdrawn, the founder withdrew) is refused, not applied.
 *
 * @example await decideOnProposal(db, config.incubator, { proposalId, staffId, decision: 'decline', reason: 'A community for this disease exists under another name: /fop' }, { provisioning: communityProvisionJob })
 * @throws KindredError 400 (no reason to decline or request changes), 404, 403 (own proposal),
 *   `KINDRED_INVALID_TRANSITION` (409).
 */
export async function decideOnProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  review: {
    proposalId: string
    staffId: string
    decision: ReviewDecision
    reason?: string | undefined
    seenStatus?: ProposalStatus | undefined
  },
  jobs: ReviewJobs,
): Promise<ProposalWithHistory> {
  const reason = review.reason?.trim() || null
  if (reason === null && review.decision !== 'approve') {
    throw new KindredError('KINDRED_VALIDATION_FAILED', 'reason is required to decline a proposal or request changes')
  }
  const state = await proposalState(db, review.proposalId)
  if (state.founderId === review.staffId) throw new KindredError('KINDRED_FORBIDDEN', 'Staff do not decide on a proposal they founded')
  const to = outcome[review.decision]
  // The conditional move refuses a proposal no longer in `from`, naming the status it is in now.
  const from = review.seenStatus ?? state.status
  await db.transaction().execute(async (trx) => {
    await recordProposalTransition(trx, {
      proposalId: review.proposalId,
      from,
      to,
      actor: 'staff',
      actorId: review.staffId,
      reason,
    })
    if (to === 'approved') await jobs.provisioning.enqueue(trx, { proposalId: review.proposalId })
    if (to === 'changes_requested') {
      const days = settings.supportWindowDays
      await trx
        .updateTable('hub.proposals')
        .set({ expires_at: sql<Date>`now() + make_interval(days => ${days}::int)` })
        .where('id', '=', review.proposalId)
        .execute()
    }
  })
  return getProposal(db, settings, review.proposalId)
}
