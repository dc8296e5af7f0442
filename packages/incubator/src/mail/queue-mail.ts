import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { founderNews, proposalFounderMailJob } from '../jobs/proposal-founder-mail.ts'
import { liveMailBatchSize, proposalLiveMailJob } from '../jobs/proposal-live-mail.ts'
import { recordProposalNews, recordSupportersNews } from '../news.ts'

/** What a founder is told of a move to `to` (changes requested, ready, approved, live), if anything. */
const newsOf = (to: ProposalStatus) => founderNews.find((news) => news === to)

// Support going back and forth over a threshold moves a proposal between open and ready as often: its
// founder hears that it is ready once, and again only after a round of changes.
async function readyBefore(trx: Kysely<HubDatabase>, proposalId: string, eventId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('hub.proposal_events as e')
    .select('e.id')
    .where('e.proposal_id', '=', proposalId)
    .where('e.to_status', '=', 'ready')
    .where('e.id', '<', eventId)
    .where(
      'e.id',
      '>',
      sql<string>`coalesce((select max(c.id) from hub.proposal_events c
        where c.proposal_id = ${proposalId} and c.to_status = 'changes_requested'), 0)`,
    )
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

// Every supporter, a hundred a job: read inside the move's transaction, after which support is closed.
async function queueSupporterMail(trx: Kysely<HubDatabase>, proposalId: string): Promise<void> {
  const supporters = await trx
    .selectFrom('hub.proposal_supports')
    .select('account_id')
    .where('proposal_id', '=', proposalId)
    .orderBy('account_id')
    .execute()
  const batches: { proposalId: string; recipients: string[] }[] = []
  for (let start = 0; start < supporters.length; start += liveMailBatchSize) {
    batches.push({ proposalId, recipients: supporters.slice(start, start + liveMailBatchSize).map(({ account_id }) => account_id) })
  }
  await proposalLiveMailJob.enqueueAll(trx, batches)
}

/**
 * Queues the mail a proposal's move to `to` sends, in the move's transaction (`trx`), so that the mail goes
 * if and only if the move commits: to its founder when it is sent back for changes, ready, approved or live,
 * and to every supporter when it is live. The same news is listed for each of them (see news.ts), written
 * here too, whatever their mail choice. Called by recordProposalTransition, the one place moves happen.
 *
 * @example await queueProposalMail(trx, { proposalId, to: 'approved', eventId })
 */
export async function queueProposalMail(
  trx: Kysely<HubDatabase>,
  move: { proposalId: string; to: ProposalStatus; eventId: string },
): Promise<void> {
  const news = newsOf(move.to)
  if (news === undefined) return
  if (move.to === 'ready' && (await readyBefore(trx, move.proposalId, move.eventId))) return
  const proposal = await trx.selectFrom('hub.proposals').select('founder_id').where('id', '=', move.proposalId).executeTakeFirst()
  const founderId = proposal?.founder_id ?? null
  if (founderId !== null) {
    await proposalFounderMailJob.enqueue(trx, { proposalId: move.proposalId, founderId, news, occasion: move.eventId })
    await recordProposalNews(trx, [{ accountId: founderId, proposalId: move.proposalId, kind: news, occasion: move.eventId }])
  }
  if (move.to === 'live') {
    await queueSupporterMail(trx, move.proposalId)
    await recordSupportersNews(trx, move.proposalId, move.eventId)
  }
}
