import { sql, type Kysely } from 'kysely'
import type { HubDatabase, PrevalenceClass, ProposalStatus } from '@kindred/db'
import type { SupportThreshold } from '@kindred/config'
import { KindredError } from '@kindred/errors'
import type { IncubatorSettings } from './settings.ts'
import { transitionActor, type ProposalActor } from './transitions.ts'

/** How far a proposal is towards the support its prevalence class needs. Moderators count as supporters. */
export interface SupportProgress {
  supporters: number
  moderators: number
  thresholds: SupportThreshold
}

/** A proposal as the incubator shows it. Supporters are counted, never named. */
export interface Proposal {
  id: string
  /** Kept for authorisation; the HTTP API never shows it. Null once the founder's account is erased. */
  founderId: string | null
  diseaseName: string
  orphaCode: string | null
  prevalenceClass: PrevalenceClass
  slug: string
  summary: string
  languages: string[]
  founderStatement: string
  /** Other names of the disease. */
  alsoKnownAs: string[]
  status: ProposalStatus
  expiresAt: Date
  createdAt: Date
  updatedAt: Date
  progress: SupportProgress
}

/** One move in a proposal's history: who made it (as a role, not an account), when and why. */
export interface ProposalEvent {
  from: ProposalStatus | null
  to: ProposalStatus
  by: ProposalActor
  reason: string | null
  at: Date
}

export interface ProposalWithHistory extends Proposal {
  history: ProposalEvent[]
}

/**
 * Proposals with their support counts (a lateral count per proposal, on the primary key of
 * `proposal_supports`), aliased `p` and `s` for callers that filter and order.
 */
export function proposalsWithSupport(db: Kysely<HubDatabase>) {
  return db
    .selectFrom('hub.proposals as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('hub.proposal_supports')
          .select([
            sql<number>`count(*)::int`.as('supporters'),
            sql<number>`(count(*) filter (where support_as = 'moderator'))::int`.as('moderators'),
          ])
          .whereRef('proposal_id', '=', 'p.id')
          .as('s'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id',
      'p.founder_id',
      'p.disease_name',
      'p.orpha_code',
      'p.prevalence_class',
      'p.slug',
      'p.summary',
      'p.languages',
      'p.founder_statement',
      'p.also_known_as',
      'p.status',
      'p.expires_at',
      'p.created_at',
      'p.updated_at',
      's.supporters',
      's.moderators',
    ])
}

type ProposalRow = Awaited<ReturnType<ReturnType<typeof proposalsWithSupport>['executeTakeFirstOrThrow']>>

/** A row of `proposalsWithSupport` as a Proposal, with the thresholds of its class today. */
export function toProposal(settings: IncubatorSettings, row: ProposalRow): Proposal {
  return {
    id: row.id,
    founderId: row.founder_id,
    diseaseName: row.disease_name,
    orphaCode: row.orpha_code,
    prevalenceClass: row.prevalence_class,
    slug: row.slug,
    summary: row.summary,
    languages: row.languages,
    founderStatement: row.founder_statement,
    alsoKnownAs: row.also_known_as,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    progress: { supporters: row.supporters, moderators: row.moderators, thresholds: settings.thresholds[row.prevalence_class] },
  }
}

const notFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such proposal')

/**
 * A proposal with its support progress and its whole history, oldest move first.
 *
 * @example const proposal = await getProposal(db, config.incubator, id)
 * @throws KindredError `KINDRED_NOT_FOUND` (404).
 */
export async function getProposal(db: Kysely<HubDatabase>, settings: IncubatorSettings, proposalId: string): Promise<ProposalWithHistory> {
  const row = await proposalsWithSupport(db).where('p.id', '=', proposalId).executeTakeFirst()
  if (row === undefined) throw notFound()
  const events = await db
    .selectFrom('hub.proposal_events')
    .select(['from_status', 'to_status', 'reason', 'created_at'])
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute()
  const history = events.map((event) => ({
    from: event.from_status,
    to: event.to_status,
    // A proposal's creation (no previous status) is its founder's doing; every other move has one kind of actor.
    by: event.from_status === null ? 'founder' : (transitionActor(event.from_status, event.to_status) ?? 'system'),
    reason: event.reason,
    at: event.created_at,
  }))
  return { ...toProposal(settings, row), history }
}

/** The facts about a proposal that decide who may do what with it now. */
export interface ProposalState {
  id: string
  founderId: string | null
  status: ProposalStatus
  prevalenceClass: PrevalenceClass
  /** The support window is still open (by the database's clock). */
  withinWindow: boolean
}

/**
 * Reads a proposal's state, locking its row until the end of the transaction `trx` when `lock` is set:
 * support changes, reopening and readiness are decided under that lock, one at a time per proposal.
 */
export async function proposalState(db: Kysely<HubDatabase>, proposalId: string, options: { lock?: boolean } = {}): Promise<ProposalState> {
  const query = db
    .selectFrom('hub.proposals')
    .select(['id', 'founder_id', 'status', 'prevalence_class', sql<boolean>`expires_at > now()`.as('within_window')])
    .where('id', '=', proposalId)
  const row = await (options.lock === true ? query.forUpdate() : query).executeTakeFirst()
  if (row === undefined) throw notFound()
  return {
    id: row.id,
    founderId: row.founder_id,
    status: row.status,
    prevalenceClass: row.prevalence_class,
    withinWindow: row.within_window,
  }
}

/**
 * The state of a proposal for a move only its founder may make: 404 for an unknown proposal, 403 for
 * anyone else (after the 404, so existence is no secret: proposals are public).
 */
export async function founderState(
  db: Kysely<HubDatabase>,
  proposalId: string,
  accountId: string,
  options: { lock?: boolean } = {},
): Promise<ProposalState> {
  const state = await proposalState(db, proposalId, options)
  if (state.founderId !== accountId) throw new KindredError('KINDRED_FORBIDDEN', 'Only the founder of this proposal can do this')
  return state
}
