import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { isKindredError } from '@kindred/errors'
import { recordProposalTransition, statusesMovableTo } from './transitions.ts'

const reason = 'The support window closed before the thresholds were met'
const batchSize = 100

/**
 * Expires every proposal whose support window closed at or before `now` without reaching its
 * thresholds (open, or waiting for the founder's changes; a ready proposal waits for staff instead),
 * recording each move in its history. Each proposal moves in a transaction of its own, conditional on its
 * status, so a proposal that became ready meanwhile is left alone; running it twice, or on two workers at
 * once, expires each proposal once. Meant for an hourly job.
 *
 * @example const expiredIds = await expireOverdueProposals(db)
 * @returns The ids of the proposals it expired.
 */
export async function expireOverdueProposals(db: Kysely<HubDatabase>, now: Date = new Date()): Promise<string[]> {
  const expirable = statusesMovableTo('expired', 'system')
  const expired: string[] = []
  let after: string | undefined
  for (;;) {
    let query = db
      .selectFrom('hub.proposals')
      .select(['id', 'status'])
      .where('status', 'in', expirable)
      .where('expires_at', '<=', now)
      .orderBy('id')
      .limit(batchSize)
    if (after !== undefined) query = query.where('id', '>', after)
    const due = await query.execute()
    for (const proposal of due) {
      try {
        await recordProposalTransition(db, {
          proposalId: proposal.id,
          from: proposal.status,
          to: 'expired',
          actor: 'system',
          actorId: null,
          reason,
        })
        expired.push(proposal.id)
      } catch (error) {
        // Moved by someone else since we looked (became ready, withdrawn, declined): not ours to expire.
        if (!isKindredError(error)) throw error
      }
    }
    const last = due.at(-1)
    if (last === undefined || due.length < batchSize) return expired
    after = last.id
  }
}
