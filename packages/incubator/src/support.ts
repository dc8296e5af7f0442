import type { Kysely } from 'kysely'
import type { HubDatabase, SupportAs } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { assertEmailVerified } from '@kindred/identity'
import { getProposal, proposalState, type ProposalState, type ProposalWithHistory } from './proposal.ts'
import { syncReadiness } from './readiness.ts'
import type { IncubatorSettings } from './settings.ts'

/** Support is given only while a proposal gathers it. */
const supportable = new Set(['open', 'ready'])
/** Support may also be taken back while the founder reworks the proposal, but not once it is approved. */
const withdrawable = new Set(['open', 'ready', 'changes_requested'])

const closed = (state: ProposalState, doing: string): KindredError =>
  new KindredError('KINDRED_SUPPORT_CLOSED', `Support can no longer be ${doing}: the proposal is ${state.status}`)

/** What a call to supportProposal did: a new supporter, or a supporter changing how they support. */
export type SupportChange = 'added' | 'changed'

/**
 * Records the account's support for a proposal, as a future member or as a volunteer moderator, and moves
 * the proposal to ready when its thresholds are met. One support per account: the same support again is
 * `KINDRED_ALREADY_SUPPORTED`, while the other `as` changes it in place (a member volunteering to
 * moderate, or a moderator stepping back) without leaving and rejoining. The founder does not support
 * their own proposal: they will own the community. All of it happens under the proposal's row lock.
 *
 * @example await supportProposal(db, config.incubator, { proposalId, accountId, as: 'moderator' })
 * @throws KindredError 404, 403 (the founder; `KINDRED_EMAIL_UNVERIFIED` for an account that has not
 *   confirmed its address), `KINDRED_SUPPORT_CLOSED` (409: not open or ready, or the window has closed),
 *   `KINDRED_ALREADY_SUPPORTED` (409).
 */
export async function supportProposal(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  support: { proposalId: string; accountId: string; as: SupportAs },
): Promise<{ change: SupportChange; proposal: ProposalWithHistory }> {
  await assertEmailVerified(db, support.accountId)
  const change = await db.transaction().execute(async (trx): Promise<SupportChange> => {
    const state = await proposalState(trx, support.proposalId, { lock: true })
    if (state.founderId === support.accountId)
      throw new KindredError('KINDRED_FORBIDDEN', 'The founder does not support their own proposal')
    if (!supportable.has(state.status)) throw closed(state, 'given')
    if (!state.withinWindow) throw new KindredError('KINDRED_SUPPORT_CLOSED', 'The support window of this proposal has closed')
    const key = { proposal_id: support.proposalId, account_id: support.accountId }
    const existing = await trx
      .selectFrom('hub.proposal_supports')
      .select('support_as')
      .where('proposal_id', '=', key.proposal_id)
      .where('account_id', '=', key.account_id)
      .executeTakeFirst()
    if (existing?.support_as === support.as)
      throw new KindredError('KINDRED_ALREADY_SUPPORTED', `You already support this proposal as a ${support.as}`)
    if (existing === undefined)
      await trx
        .insertInto('hub.proposal_supports')
        .values({ ...key, support_as: support.as })
        .execute()
    else
      await trx
        .updateTable('hub.proposal_supports')
        .set({ support_as: support.as })
        .where('proposal_id', '=', key.proposal_id)
        .where('account_id', '=', key.account_id)
        .execute()
    await syncReadiness(trx, settings, state)
    return existing === undefined ? 'added' : 'changed'
  })
  return { change, proposal: await getProposal(db, settings, support.proposalId) }
}

/**
 * Takes back the account's support; a ready proposal whose support falls below its thresholds is open
 * again. Possible until the proposal is approved.
 *
 * @example await withdrawSupport(db, config.incubator, { proposalId, accountId })
 * @throws KindredError 404 (unknown proposal, or no support from this account), `KINDRED_SUPPORT_CLOSED` (409).
 */
export async function withdrawSupport(
  db: Kysely<HubDatabase>,
  settings: IncubatorSettings,
  support: { proposalId: string; accountId: string },
): Promise<ProposalWithHistory> {
  await db.transaction().execute(async (trx) => {
    const state = await proposalState(trx, support.proposalId, { lock: true })
    if (!withdrawable.has(state.status)) throw closed(state, 'withdrawn')
    const deleted = await trx
      .deleteFrom('hub.proposal_supports')
      .where('proposal_id', '=', support.proposalId)
      .where('account_id', '=', support.accountId)
      .executeTakeFirst()
    if (deleted.numDeletedRows === 0n) throw new KindredError('KINDRED_NOT_FOUND', 'You do not support this proposal')
    await syncReadiness(trx, settings, state)
  })
  return getProposal(db, settings, support.proposalId)
}

/**
 * How the account supports the proposal (`member` or `moderator`), or null when it does not: for the
 * account's own view of a proposal, never to name supporters to anyone else.
 *
 * @example await supportOf(db, proposalId, accountId) // 'moderator'
 */
export async function supportOf(db: Kysely<HubDatabase>, proposalId: string, accountId: string): Promise<SupportAs | null> {
  const row = await db
    .selectFrom('hub.proposal_supports')
    .select('support_as')
    .where('proposal_id', '=', proposalId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  return row?.support_as ?? null
}
