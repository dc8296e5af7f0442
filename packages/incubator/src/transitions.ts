import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { queueProposalMail } from './mail/queue-mail.ts'

/** Who moves a proposal: its founder, network staff, or Kindred itself (support counts, expiry, jobs). */
export type ProposalActor = 'founder' | 'staff' | 'system'

type Moves = Readonly<Partial<Record<ProposalStatus, ProposalActor>>>

/**
 * The proposal lifecycle, in one place: for each status, the statuses it may move to and who may make
 * that move. Anything not listed is refused. Each move has exactly one kind of actor, so the history can
 * say who made a move from the move alone, without exposing anyone's account.
 *
 *   open ⇄ ready (support reaches or falls below the thresholds) → approved → provisioning → live
 *   open | ready → changes_requested → open (the founder reopens after editing)
 *   open | ready | changes_requested → declined (staff) | withdrawn (founder); open | changes_requested → expired
 */
export const proposalTransitions: Readonly<Record<ProposalStatus, Moves>> = {
  open: { ready: 'system', changes_requested: 'staff', declined: 'staff', withdrawn: 'founder', expired: 'system' },
  ready: { open: 'system', approved: 'staff', changes_requested: 'staff', declined: 'staff', withdrawn: 'founder' },
  changes_requested: { open: 'founder', declined: 'staff', withdrawn: 'founder', expired: 'system' },
  approved: { provisioning: 'system' },
  provisioning: { live: 'system' },
  live: {},
  declined: {},
  withdrawn: {},
  expired: {},
}

/**
 * Statuses in which a proposal holds its slug, Orphanet code and disease: it is on its way to becoming a
 * community. The same list as the partial unique indexes of migrations/hub/0007_incubator.sql.
 */
export const pendingStatuses = [
  'open',
  'ready',
  'changes_requested',
  'approved',
  'provisioning',
] as const satisfies readonly ProposalStatus[]

const actorNames: Record<ProposalActor, string> = { founder: 'its founder', staff: 'network staff', system: 'Kindred itself' }

/** Who may move a proposal from `from` to `to`, or undefined when that move does not exist. */
export function transitionActor(from: ProposalStatus, to: ProposalStatus): ProposalActor | undefined {
  return proposalTransitions[from][to]
}

/** The statuses from which `actor` may move a proposal to `to` (e.g. the statuses that can expire). */
export function statusesMovableTo(to: ProposalStatus, actor: ProposalActor): ProposalStatus[] {
  return (Object.keys(proposalTransitions) as ProposalStatus[]).filter((from) => transitionActor(from, to) === actor)
}

/**
 * Refuses a move the lifecycle does not allow, or that `actor` may not make.
 *
 * @example assertTransition('open', 'approved', 'staff') // throws: only a ready proposal is approved
 * @throws KindredError `KINDRED_INVALID_TRANSITION` (409).
 */
export function assertTransition(from: ProposalStatus, to: ProposalStatus, actor: ProposalActor): void {
  const allowed = transitionActor(from, to)
  if (allowed === undefined) {
    throw new KindredError('KINDRED_INVALID_TRANSITION', `A proposal that is ${from} cannot become ${to}`)
  }
  if (allowed !== actor) {
    throw new KindredError('KINDRED_INVALID_TRANSITION', `Only ${actorNames[allowed]} can move a proposal from ${from} to ${to}`)
  }
}

export interface ProposalTransition {
  proposalId: string
  /** The status the caller saw: the move happens only if the proposal is still in it. */
  from: ProposalStatus
  to: ProposalStatus
  actor: ProposalActor
  /** The founder's or staff member's account; null for the system. */
  actorId: string | null
  reason: string | null
}

/**
 * Moves a proposal from one status to another and records the move in `hub.proposal_events`, atomically
 * (in the caller's transaction, or one of its own). The update is conditional on the proposal still being
 * in `from`, so of two concurrent moves from the same status only one succeeds. This is the only code
 * that changes a proposal's status; the provisioning job uses it too. The mail a move sends (to the founder,
 * to the supporters of a proposal gone live) is queued here as well, so it goes if and only if the move commits.
 *
 * @example await recordProposalTransition(trx, { proposalId, from: 'approved', to: 'provisioning', actor: 'system', actorId: null, reason: null })
 * @throws KindredError `KINDRED_INVALID_TRANSITION` (409) for a move the table refuses or a proposal no
 *   longer in `from`; `KINDRED_NOT_FOUND` (404) for an unknown proposal.
 */
export async function recordProposalTransition(db: Kysely<HubDatabase>, move: ProposalTransition): Promise<void> {
  assertTransition(move.from, move.to, move.actor)
  if ((move.actor === 'system') !== (move.actorId === null)) {
    throw new Error(`a ${move.actor} move must ${move.actor === 'system' ? 'not ' : ''}name the account making it`)
  }
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordProposalTransition(trx, move))
    return
  }
  const updated = await db
    .updateTable('hub.proposals')
    .set({ status: move.to, updated_at: sql<Date>`now()` })
    .where('id', '=', move.proposalId)
    .where('status', '=', move.from)
    .executeTakeFirst()
  if (updated.numUpdatedRows === 0n) await refuseStaleMove(db, move)
  const eventId = await insertProposalEvent(db, move.proposalId, move.from, move.to, move.actorId, move.reason)
  await queueProposalMail(db, { proposalId: move.proposalId, to: move.to, eventId })
}

async function refuseStaleMove(db: Kysely<HubDatabase>, move: ProposalTransition): Promise<never> {
  const current = await db.selectFrom('hub.proposals').select('status').where('id', '=', move.proposalId).executeTakeFirst()
  if (current === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such proposal')
  throw new KindredError(
    'KINDRED_INVALID_TRANSITION',
    `The proposal is ${current.status} now, no longer ${move.from}; it cannot become ${move.to}`,
  )
}

/** Appends one entry to a proposal's history (`from` null: its creation); its id. */
export async function insertProposalEvent(
  db: Kysely<HubDatabase>,
  proposalId: string,
  from: ProposalStatus | null,
  to: ProposalStatus,
  actorId: string | null,
  reason: string | null,
): Promise<string> {
  const event = await db
    .insertInto('hub.proposal_events')
    .values({ proposal_id: proposalId, from_status: from, to_status: to, actor_id: actorId, reason })
    .returning('id')
    .executeTakeFirstOrThrow()
  return event.id
}
