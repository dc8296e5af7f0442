import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalNewsKind } from '@kindred/db'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'

/** What an account's news tells of: a founder's proposal moving or about to expire, or a supported one gone live. */
export const proposalNewsKinds = [
  'changes_requested',
  'ready',
  'approved',
  'live',
  'expiring',
  'supported_live',
] as const satisfies readonly ProposalNewsKind[]

/** The most the site lists at once, and the largest page the API gives. */
export const proposalNewsLength = 50

/** One piece of news as the account's list shows it. */
export interface ProposalNewsView {
  id: string
  kind: ProposalNewsKind
  proposalId: string
  /** The disease the proposal is about, as the list names it. */
  diseaseName: string
  /** The community made from the proposal, for news of its launch (`live`, `supported_live`) once it is open. */
  communitySlug: string | null
  createdAt: Date
  read: boolean
}

/** One row to write: the account told, of which proposal, and the occasion the mail is keyed by. */
export interface ProposalNewsRow {
  accountId: string
  proposalId: string
  kind: ProposalNewsKind
  occasion: string
}

const newsKeys = keyset(['bigint'], 'proposal_news')

/**
 * Writes news for accounts in the transaction (`trx`) that queues its mail, whatever their mail choice: the
 * list is not mail. The same occasion written twice stays one row.
 *
 * @example await recordProposalNews(trx, [{ accountId: founderId, proposalId, kind: 'approved', occasion: eventId }])
 */
export async function recordProposalNews(trx: Kysely<HubDatabase>, rows: readonly ProposalNewsRow[]): Promise<void> {
  if (rows.length === 0) return
  await trx
    .insertInto('hub.proposal_news')
    .values(rows.map((row) => ({ account_id: row.accountId, proposal_id: row.proposalId, kind: row.kind, occasion: row.occasion })))
    .onConflict((conflict) => conflict.doNothing())
    .execute()
}

/**
 * Tells every supporter (members and volunteer moderators) that the proposal went live, in one statement,
 * in the transaction of the move (`occasion`: its history entry).
 *
 * @example await recordSupportersNews(trx, proposalId, eventId)
 */
export async function recordSupportersNews(trx: Kysely<HubDatabase>, proposalId: string, occasion: string): Promise<void> {
  await trx
    .insertInto('hub.proposal_news')
    .columns(['account_id', 'proposal_id', 'kind', 'occasion'])
    .expression((eb) =>
      eb
        .selectFrom('hub.proposal_supports')
        .select([
          'account_id',
          'proposal_id',
          sql<ProposalNewsKind>`'supported_live'`.as('kind'),
          sql<string>`${occasion}::text`.as('occasion'),
        ])
        .where('proposal_id', '=', proposalId),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute()
}

/**
 * The account's news of proposals, newest first, a page at a time (keyset: id), each with the disease it
 * is about and, for a launch, the slug of the community (live or archived) to link to. A tampered cursor is 400.
 *
 * @example const { items } = await listProposalNews(db, accountId) // [{ kind: 'approved', diseaseName: 'FOP', read: false, … }]
 */
export async function listProposalNews(
  db: Kysely<HubDatabase>,
  accountId: string,
  page: PageQuery = { limit: proposalNewsLength },
): Promise<Page<ProposalNewsView>> {
  const after = page.cursor === undefined ? undefined : newsKeys.decode(page.cursor)
  let query = db
    .selectFrom('hub.proposal_news as n')
    .innerJoin('hub.proposals as p', 'p.id', 'n.proposal_id')
    .leftJoin('hub.communities as c', (join) =>
      join
        .onRef('c.proposal_id', '=', 'n.proposal_id')
        .on('c.status', 'in', ['live', 'archived'])
        .on('n.kind', 'in', ['live', 'supported_live']),
    )
    .select(['n.id', 'n.kind', 'n.proposal_id', 'p.disease_name', 'c.slug', 'n.created_at', 'n.read_at'])
    .where('n.account_id', '=', accountId)
  if (after !== undefined) query = query.where(newsKeys.after(['n.id'], 'desc', after))
  const rows = await query
    .orderBy('n.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return toPage(
    rows,
    page.limit,
    (row) => newsKeys.encode([row.id]),
    (row) => ({
      id: row.id,
      kind: row.kind,
      proposalId: row.proposal_id,
      diseaseName: row.disease_name,
      communitySlug: row.slug,
      createdAt: row.created_at,
      read: row.read_at !== null,
    }),
  )
}

/**
 * How many of the account's news of proposals are unread.
 *
 * @example const unread = await unreadProposalNewsCount(db, accountId) // 2
 */
export async function unreadProposalNewsCount(db: Kysely<HubDatabase>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('hub.proposal_news')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * How much news of proposals the account holds, and how much of it is unread: the site's header offers the
 * notifications page to an account that has news, even in no community.
 *
 * @example await proposalNewsCounts(db, accountId) // { held: 3, unread: 1 }
 */
export async function proposalNewsCounts(db: Kysely<HubDatabase>, accountId: string): Promise<{ held: number; unread: number }> {
  const row = await db
    .selectFrom('hub.proposal_news')
    .select((eb) => [eb.fn.countAll<string>().as('held'), sql<string>`count(*) filter (where read_at is null)`.as('unread')])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow()
  return { held: Number(row.held), unread: Number(row.unread) }
}

/**
 * Marks every unread piece of the account's news of proposals read. Answers how many changed.
 *
 * @example const marked = await markProposalNewsRead(db, accountId) // 2
 */
export async function markProposalNewsRead(db: Kysely<HubDatabase>, accountId: string): Promise<number> {
  const result = await db
    .updateTable('hub.proposal_news')
    .set({ read_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
