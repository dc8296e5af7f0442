import type { Expression, SqlBool } from 'kysely'
import {
  assertModerator,
  type CommunityActor,
  type ModerationAction,
  type ModerationActorKind,
  type TenantHandle,
  type TenantQuery,
} from '@kindred/community'
import { keyset, micros, toPage, type Page, type PageQuery } from '@kindred/pagination'
import type { LogEntry } from './views.ts'

/** What a moderation action changed, for its log entry. */
export interface LogWrite {
  action: ModerationAction
  postId?: string
  messageId?: string
  threadId?: string
  memberId?: string
  reportId?: string
  reason?: string
}

/** Who acts when no member does: network staff from the hub, or Kindred itself (never named in the log). */
export type UnnamedActor = Exclude<ModerationActorKind, 'member'>

/**
 * Records an action by a member (their id) or by staff or Kindred itself; called with the transaction that
 * makes the change, so both commit or neither does.
 */
export async function writeLog(trx: TenantQuery, actor: string | { kind: UnnamedActor }, entries: readonly LogWrite[]): Promise<void> {
  if (entries.length === 0) return
  const named = typeof actor === 'string'
  const rows = entries.map((entry) => ({
    actor_id: named ? actor : null,
    actor_kind: named ? ('member' as const) : actor.kind,
    action: entry.action,
    post_id: entry.postId ?? null,
    message_id: entry.messageId ?? null,
    thread_id: entry.threadId ?? null,
    member_id: entry.memberId ?? null,
    report_id: entry.reportId ?? null,
    reason: entry.reason ?? null,
  }))
  await trx.insertInto('moderation_log').values(rows).execute()
}

function selectEntries(tenant: TenantHandle) {
  return tenant.query
    .selectFrom('moderation_log as l')
    .leftJoin('members as actor', 'actor.member_id', 'l.actor_id')
    .leftJoin('members as target', 'target.member_id', 'l.member_id')
    .select([
      'l.id',
      'l.action',
      'l.actor_id',
      'l.actor_kind',
      'actor.pseudonym as actor_pseudonym',
      'l.post_id',
      'l.message_id',
      'l.thread_id',
      'l.member_id',
      'target.pseudonym as member_pseudonym',
      'l.report_id',
      'l.reason',
      'l.created_at',
      micros('l.created_at').as('position'),
    ])
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>

const memberRef = (memberId: string | null, pseudonym: string | null) =>
  memberId === null ? null : { memberId, pseudonym: pseudonym ?? '' }

const entryView = (row: EntryRow): LogEntry => ({
  id: row.id,
  action: row.action,
  actor: memberRef(row.actor_id, row.actor_pseudonym),
  actorKind: row.actor_kind,
  postId: row.post_id,
  messageId: row.message_id,
  threadId: row.thread_id,
  member: memberRef(row.member_id, row.member_pseudonym),
  reportId: row.report_id,
  reason: row.reason,
  createdAt: row.created_at,
})

const logKeys = keyset(['time', 'bigint'])

async function readLog(tenant: TenantHandle, page: PageQuery): Promise<Page<LogEntry>> {
  let select = selectEntries(tenant)
  if (page.cursor !== undefined) select = select.where(logKeys.after(['l.created_at', 'l.id'], 'desc', logKeys.decode(page.cursor)))
  const rows = await select
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return toPage(rows, page.limit, (row) => logKeys.encode([row.position, row.id]), entryView)
}

const timeKeys = keyset(['time'])

/**
 * Where a community's log resumes within the log across communities: after one of its own entries, or
 * after a time, with the entries at that very time (`includingIt`) or not.
 */
export type LogResume = { position: string; id: string } | { position: string; includingIt: boolean }

function resumeAt(resume: LogResume): Expression<SqlBool> {
  if ('id' in resume) return logKeys.after(['l.created_at', 'l.id'], 'desc', [resume.position, resume.id])
  // Positions are whole microseconds, the precision of timestamptz: "at or before t" is "before t + 1 µs".
  const position = resume.includingIt ? String(BigInt(resume.position) + 1n) : resume.position
  return timeKeys.after(['l.created_at'], 'desc', [position])
}

/** The latest `limit` entries of a community's log after `resume` (from the newest when absent), newest first, with their positions. */
export async function moderationLogEntriesFrom(
  tenant: TenantHandle,
  limit: number,
  resume?: LogResume,
): Promise<Array<{ entry: LogEntry; position: string }>> {
  let select = selectEntries(tenant)
  if (resume !== undefined) select = select.where(resumeAt(resume))
  const rows = await select.orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(limit).execute()
  return rows.map((row) => ({ entry: entryView(row), position: row.position }))
}

/**
 * The community's moderation log, newest first, for its moderators and owners (403 for anyone else):
 * who did what to which post, message, thread, member or report, why and when.
 *
 * @example const { items, next } = await moderationLog(actor, { limit: 20 })
 */
export async function moderationLog(actor: CommunityActor, page: PageQuery): Promise<Page<LogEntry>> {
  assertModerator(actor.member)
  return readLog(actor.tenant, page)
}

/**
 * The same log for network staff, who are no member of the community: the caller has established that
 * the reader is staff.
 *
 * @example const { items } = await moderationLogForStaff(placements.tenantDb(community), { limit: 50 })
 */
export async function moderationLogForStaff(tenant: TenantHandle, page: PageQuery): Promise<Page<LogEntry>> {
  return readLog(tenant, page)
}
