import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { pendingStatuses } from './transitions.ts'

/** A community, or a proposal on its way to becoming one, that a new proposal collides with or resembles. */
export interface ExistingEntry {
  kind: 'community' | 'proposal'
  slug: string
  diseaseName: string
  /** A proposal's id; communities are known by their slug. */
  id?: string
}

/**
 * A proposal that would duplicate an existing community or pending proposal (`KINDRED_DUPLICATE_PROPOSAL`:
 * same Orphanet code or same disease key) or take its address (`KINDRED_SLUG_TAKEN`), naming the existing
 * one so the founder can join it or choose another slug.
 */
export class ProposalConflictError extends KindredError {
  readonly existing: ExistingEntry

  constructor(code: 'KINDRED_DUPLICATE_PROPOSAL' | 'KINDRED_SLUG_TAKEN', message: string, existing: ExistingEntry) {
    super(code, message)
    this.name = 'ProposalConflictError'
    this.existing = existing
  }
}

interface Identity {
  slug: string
  orphaCode: string | null
  diseaseKey: string
}

interface Candidate extends ExistingEntry, Identity {}

async function candidates(db: Kysely<HubDatabase>, identity: Identity, excludeProposalId: string | undefined): Promise<Candidate[]> {
  const matches = sql<boolean>`(slug = ${identity.slug} or disease_key = ${identity.diseaseKey} or orpha_code = ${identity.orphaCode})`
  // Every community counts, whatever its status: the communities table keeps slugs, Orphanet codes and
  // disease keys unique for good, so a proposal duplicating even an archived community could never be provisioned.
  const communities = await db
    .selectFrom('hub.communities')
    .select(['slug', 'disease_name', 'disease_key', 'orpha_code'])
    .where(matches)
    .execute()
  let proposals = db
    .selectFrom('hub.proposals')
    .select(['id', 'slug', 'disease_name', 'disease_key', 'orpha_code'])
    .where('status', 'in', pendingStatuses)
    .where(matches)
  if (excludeProposalId !== undefined) proposals = proposals.where('id', '<>', excludeProposalId)
  return [
    ...communities.map((row) => ({
      kind: 'community' as const,
      slug: row.slug,
      diseaseName: row.disease_name,
      orphaCode: row.orpha_code,
      diseaseKey: row.disease_key,
    })),
    ...(await proposals.execute()).map((row) => ({
      kind: 'proposal' as const,
      id: row.id,
      slug: row.slug,
      diseaseName: row.disease_name,
      orphaCode: row.orpha_code,
      diseaseKey: row.disease_key,
    })),
  ]
}

const entry = ({ kind, slug, diseaseName, id }: Candidate): ExistingEntry =>
  id === undefined ? { kind, slug, diseaseName } : { kind, slug, diseaseName, id }

/**
 * Refuses a proposal that duplicates a community or a pending proposal, or whose slug is taken. A
 * duplicate disease is reported before a taken slug: the founder should join forces rather than only
 * pick another address.
 *
 * @throws ProposalConflictError (409).
 */
export async function assertNoConflict(db: Kysely<HubDatabase>, identity: Identity, excludeProposalId?: string): Promise<void> {
  const found = await candidates(db, identity, excludeProposalId)
  const duplicate = found.find(
    (candidate) =>
      candidate.diseaseKey === identity.diseaseKey || (identity.orphaCode !== null && candidate.orphaCode === identity.orphaCode),
  )
  if (duplicate !== undefined) {
    const what =
      duplicate.kind === 'community' ? `The community "${duplicate.slug}"` : `The proposal "${duplicate.slug}" (${duplicate.id ?? ''})`
    throw new ProposalConflictError('KINDRED_DUPLICATE_PROPOSAL', `${what} is already for this disease; join it instead`, entry(duplicate))
  }
  const taken = found.find((candidate) => candidate.slug === identity.slug)
  if (taken !== undefined) {
    throw new ProposalConflictError(
      'KINDRED_SLUG_TAKEN',
      `The slug "${identity.slug}" is taken by a ${taken.kind}; choose another`,
      entry(taken),
    )
  }
}

const pendingUniqueIndexes = new Set(['proposals_pending_slug_key', 'proposals_pending_orpha_key', 'proposals_pending_disease_key'])

/**
 * Turns the unique violation of a proposal that lost a race (another with the same slug, code or disease
 * was written between our check and our insert) into the same 409 the check gives; rethrows anything else.
 */
export async function raceAsConflict(
  db: Kysely<HubDatabase>,
  error: unknown,
  identity: Identity,
  excludeProposalId?: string,
): Promise<never> {
  const { code, constraint } = error as { code?: string; constraint?: string }
  if (code !== '23505' || constraint === undefined || !pendingUniqueIndexes.has(constraint)) throw error
  await assertNoConflict(db, identity, excludeProposalId)
  // The winner is gone again (withdrawn in the meantime): the proposal may simply be sent again.
  throw new KindredError('KINDRED_CONFLICT', 'Another proposal for this disease or slug was made at the same time; try again')
}

/**
 * Trigram similarity (pg_trgm) of disease keys from which a name is suggested as possibly the same
 * disease. Chosen on real pairs (see test/duplicates.test.ts): spelling variants, subtypes and added
 * acronyms score 0.5 to 0.95; different diseases that share only "disease" or "syndrome" (Wilson and
 * Wolman disease 0.43, Batten disease and CLN3 disease 0.40, Gaucher and Fabry disease 0.36) stay below.
 */
export const similarityThreshold = 0.45

export interface SimilarEntry extends ExistingEntry {
  /** Trigram similarity of the disease keys, 0 to 1. */
  similarity: number
}

/**
 * Live or provisioning communities and pending proposals whose disease resembles `diseaseKey` or one of
 * `otherKeys` (the disease keys of its other names), by their disease name or one of their own other names,
 * most similar first (at most `limit`), so that founders of the same disease under different names find each other.
 *
 * @example await similarDiseases(db, diseaseKey('Fibrodisplasia osificans progresiva')) // [{ kind: 'community', slug: 'fop', … }]
 * @example await similarDiseases(db, diseaseKey('Münchmeyer disease'), { otherKeys: [diseaseKey('Stone man syndrome')] })
 */
export async function similarDiseases(
  db: Kysely<HubDatabase>,
  key: string,
  options: { otherKeys?: readonly string[]; excludeProposalId?: string; limit?: number } = {},
): Promise<SimilarEntry[]> {
  // The best pair of any of their names with any of ours. Other names live in arrays, which no trigram index
  // covers, so this reads every pending proposal and live or provisioning community: a few thousand rows at
  // most, each with at most eleven names, for a proposal written or edited.
  const ours = [key, ...(options.otherKeys ?? [])]
  const similarity = sql<number>`(
    select max(hub.similarity(hub.search_folded(theirs), ours))
    from unnest(array_prepend(disease_key, also_known_as)) as theirs, unnest(${ours}::text[]) as ours)`
  const candidates = db
    .selectFrom('hub.proposals')
    .select([
      sql<'proposal' | 'community'>`'proposal'`.as('kind'),
      sql<string | null>`id::text`.as('id'),
      'slug',
      'disease_name',
      similarity.as('similarity'),
    ])
    .where('status', 'in', pendingStatuses)
    .where('id', '<>', options.excludeProposalId ?? '00000000-0000-0000-0000-000000000000')
    .unionAll(
      db
        .selectFrom('hub.communities')
        .select([
          sql<'proposal' | 'community'>`'community'`.as('kind'),
          sql<string | null>`null`.as('id'),
          'slug',
          'disease_name',
          similarity.as('similarity'),
        ])
        .where('status', 'in', ['live', 'provisioning']),
    )
  const rows = await db
    .selectFrom(candidates.as('candidate'))
    .selectAll()
    .where('similarity', '>=', similarityThreshold)
    .orderBy('similarity', 'desc')
    .orderBy('slug')
    .limit(options.limit ?? 5)
    .execute()
  return rows.map((row) => ({
    kind: row.kind,
    slug: row.slug,
    diseaseName: row.disease_name,
    ...(row.id === null ? {} : { id: row.id }),
    similarity: Math.round(row.similarity * 100) / 100,
  }))
}
