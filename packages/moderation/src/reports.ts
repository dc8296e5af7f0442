import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, settleReports, tellModerators, type Author, type CommunityActor, type TenantHandle } from '@kindred/community'
import { keyset, micros, toPage, type Page, type PageQuery } from '@kindred/pagination'
import { messageContents, postContents } from './content.ts'
import { writeLog } from './log.ts'
import type { ListedReport, OpenReport, ReportReceipt, ReportState, ResolvedReport } from './views.ts'

/** A report as its reporter gets it back, and whether this call filed it (false: it was open already). */
export interface FiledReport {
  report: ReportReceipt
  created: boolean
}

type Target = { post_id: string } | { message_id: string }

const receiptColumns = ['id', 'reason', 'created_at'] as const
const receipt = (row: { id: string; reason: string; created_at: Date }): ReportReceipt => ({
  id: row.id,
  reason: row.reason,
  createdAt: row.created_at,
})

// One open report per member per target (a unique index): reporting again while it is open returns the
// open one as it is. If it was resolved between the two statements, the report is filed anew. A report
// filed tells the moderators.
async function fileReport(tenant: TenantHandle, reporterId: string, target: Target, reason: string): Promise<FiledReport> {
  const inserted = await tenant.transaction(async (trx) => {
    const row = await trx
      .insertInto('reports')
      .values({ reporter_id: reporterId, reason, ...target })
      .onConflict((conflict) => conflict.doNothing())
      .returning(receiptColumns)
      .executeTakeFirst()
    if (row !== undefined) await tellModerators(trx, { exceptId: reporterId, reportId: row.id })
    return row
  })
  if (inserted !== undefined) return { report: receipt(inserted), created: true }
  const [column, id] = 'post_id' in target ? (['post_id', target.post_id] as const) : (['message_id', target.message_id] as const)
  const open = await tenant.query
    .selectFrom('reports')
    .select(receiptColumns)
    .where('reporter_id', '=', reporterId)
    .where(column, '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
  return open === undefined ? fileReport(tenant, reporterId, target, reason) : { report: receipt(open), created: false }
}

/** What a member is about to report, as they see it: a visible post or a message they received. */
export interface ReportableContent {
  kind: 'post' | 'message'
  id: string
  /** The post's thread; null for a message. */
  threadId: string | null
  author: Author
  bodyHtml: string
  createdAt: Date
}

/**
 * A post as a member may report it: visible, in a visible thread (404 otherwise, as for "me too").
 *
 * @example const post = await reportablePost(actor, '40') // shown above the report form
 */
export async function reportablePost(actor: CommunityActor, postId: string): Promise<ReportableContent> {
  const post = await actor.tenant.query
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .innerJoin('members as m', 'm.member_id', 'p.author_id')
    .select(['p.id', 'p.thread_id', 'p.body_html', 'p.created_at', 'm.member_id', 'm.pseudonym', 'm.role'])
    .where('p.id', '=', postId)
    .where('p.deleted_at', 'is', null)
    .where('p.hidden_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('t.hidden_at', 'is', null)
    .executeTakeFirst()
  if (post === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such post')
  return {
    kind: 'post',
    id: post.id,
    threadId: post.thread_id,
    author: { memberId: post.member_id, pseudonym: post.pseudonym, role: post.role },
    bodyHtml: post.body_html,
    createdAt: post.created_at,
  }
}

/**
 * A direct message as its recipient may report it (anyone else's message is 404: its existence is not
 * revealed); the author is its sender, the member the conversation is with.
 *
 * @example const message = await reportableMessage(actor, '7')
 */
export async function reportableMessage(actor: CommunityActor, messageId: string): Promise<ReportableContent> {
  const message = await actor.tenant.query
    .selectFrom('messages as msg')
    .innerJoin('members as m', 'm.member_id', 'msg.sender_id')
    .select(['msg.id', 'msg.body_html', 'msg.created_at', 'm.member_id', 'm.pseudonym', 'm.role'])
    .where('msg.id', '=', messageId)
    .where('msg.recipient_id', '=', actor.member.memberId)
    .where('msg.deleted_at', 'is', null)
    .where('msg.hidden_at', 'is', null)
    .executeTakeFirst()
  if (message === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such message')
  return {
    kind: 'message',
    id: message.id,
    threadId: null,
    author: { memberId: message.member_id, pseudonym: message.pseudonym, role: message.role },
    bodyHtml: message.body_html,
    createdAt: message.created_at,
  }
}

/**
 * Reports a post to the moderators, with the reason. Only a post members can see can be reported (404
 * otherwise, as for "me too"); reporting it again while one's report is open changes nothing and returns
 * that report (`created: false`).
 *
 * @example const { report, created } = await reportPost(actor, '40', 'Recommends stopping prescribed treatment')
 */
export async function reportPost(actor: CommunityActor, postId: string, reason: string): Promise<FiledReport> {
  await reportablePost(actor, postId)
  return fileReport(actor.tenant, actor.member.memberId, { post_id: postId }, reason)
}

/**
 * Reports a direct message the member received (anyone else's message is 404: its existence is not
 * revealed), with the reason; idempotent while open, like reportPost. The moderators then read it.
 *
 * @example const { report } = await reportMessage(actor, '7', 'Unsolicited offer of a paid treatment')
 */
export async function reportMessage(actor: CommunityActor, messageId: string, reason: string): Promise<FiledReport> {
  await reportableMessage(actor, messageId)
  return fileReport(actor.tenant, actor.member.memberId, { message_id: messageId }, reason)
}

const reportKeys = keyset(['time', 'bigint'])

function selectReports(tenant: TenantHandle, state: ReportState) {
  return tenant.query
    .selectFrom('reports as r')
    .innerJoin('members as reporter', 'reporter.member_id', 'r.reporter_id')
    .select([
      'r.id',
      'r.reason',
      'r.created_at',
      'r.post_id',
      'r.message_id',
      'r.resolution',
      'r.resolved_at',
      'reporter.member_id as reporter_id',
      'reporter.pseudonym as reporter_pseudonym',
      micros('r.created_at').as('position'),
    ])
    .where('r.resolved_at', state === 'open' ? 'is' : 'is not', null)
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof selectReports>['executeTakeFirstOrThrow']>>

// The page's reports with what each is about, in two more queries (posts, messages) whatever its size.
async function withContent(tenant: TenantHandle, rows: ReportRow[]): Promise<ListedReport[]> {
  const present = (ids: Array<string | null>) => ids.filter((id) => id !== null)
  const [posts, messages] = await Promise.all([
    postContents(tenant, present(rows.map((row) => row.post_id))),
    messageContents(tenant, present(rows.map((row) => row.message_id))),
  ])
  return rows.map((row) => {
    // A check constraint makes each report about exactly one post or message; foreign keys keep it there.
    const content = row.post_id !== null ? posts.get(row.post_id) : messages.get(row.message_id ?? '')
    if (content === undefined) throw new Error(`report ${row.id} has no content`)
    return {
      ...receipt(row),
      reporter: { memberId: row.reporter_id, pseudonym: row.reporter_pseudonym },
      content,
      state: row.resolved_at === null ? 'open' : 'resolved',
      resolution: row.resolution,
      resolvedAt: row.resolved_at,
    }
  })
}

/**
 * Open reports, oldest first (keyset: `created_at, id`), each with what was reported as moderators see
 * it (the body included), who reported it and why. Moderators and owners only.
 *
 * @example const { items, next } = await openReports(actor, { limit: 20 })
 */
export async function openReports(actor: CommunityActor, page: PageQuery): Promise<Page<OpenReport>> {
  const { items, next } = await listReports(actor, { ...page, state: 'open' })
  return { items: items.map(({ id, reason, createdAt, reporter, content }) => ({ id, reason, createdAt, reporter, content })), next }
}

/**
 * Reports in one state, each with what was reported as moderators see it, who reported it and why, and
 * how and when it was resolved. Open ones oldest first (the queue to work through); resolved ones newest
 * first (keyset on `created_at, id` both ways, which the reports' indexes serve). Moderators and owners only.
 *
 * @example const { items, next } = await listReports(actor, { state: 'resolved', limit: 20 })
 */
export async function listReports(actor: CommunityActor, query: PageQuery & { state: ReportState }): Promise<Page<ListedReport>> {
  assertModerator(actor.member)
  const direction = query.state === 'open' ? 'asc' : 'desc'
  let select = selectReports(actor.tenant, query.state)
  if (query.cursor !== undefined)
    select = select.where(reportKeys.after(['r.created_at', 'r.id'], direction, reportKeys.decode(query.cursor)))
  const rows = await select
    .orderBy('r.created_at', direction)
    .orderBy('r.id', direction)
    .limit(query.limit + 1)
    .execute()
  const { items, next } = toPage(
    rows,
    query.limit,
    (row) => reportKeys.encode([row.position, row.id]),
    (row) => row,
  )
  return { items: await withContent(actor.tenant, items), next }
}

/**
 * Closes an open report without acting on what was reported, optionally with a reason. A report resolved
 * already is 409 (two moderators at once: the second one).
 *
 * @example await dismissReport(actor, '3', 'Within the rules: a personal experience, not advice')
 */
export async function dismissReport(actor: CommunityActor, reportId: string, reason?: string): Promise<ResolvedReport> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const resolved = await trx
      .updateTable('reports')
      .set({ resolved_at: sql<Date>`now()`, resolved_by: actor.member.memberId, resolution: 'dismissed' })
      .where('id', '=', reportId)
      .where('resolved_at', 'is', null)
      .returning(['id', 'post_id', 'resolved_at'])
      .executeTakeFirst()
    if (resolved === undefined || resolved.resolved_at === null) {
      const exists = await trx.selectFrom('reports').select('id').where('id', '=', reportId).executeTakeFirst()
      if (exists === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such report')
      throw new KindredError('KINDRED_CONFLICT', 'This report was resolved already')
    }
    await settleReports(trx, [resolved.id])
    await writeLog(trx, actor.member.memberId, [
      { action: 'dismiss_report', reportId, ...(resolved.post_id === null ? {} : { postId: resolved.post_id }), reason },
    ])
    return { id: resolved.id, resolution: 'dismissed', resolvedAt: resolved.resolved_at }
  })
}
