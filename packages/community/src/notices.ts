import { sql, type InsertQueryBuilder } from 'kysely'
import type { TenantQuery } from './tenant-handle.ts'
import type { JoinDecision, MemberApproval, TenantDatabase } from './tenant-schema.ts'

// What a change tells others is written by the code that makes the change, in its transaction, so nobody is
// told of something that did not commit. Triggers did this once; Citus refuses triggers on distributed
// tables, and a NOTIFY sent from a worker node reaches no hub (docs/citus.md).

/** The channel a placement's member changes are announced on ("schema memberId"); every hub's member cache listens. */
export const memberChangesChannel = 'kindred_member_changes'

/**
 * Tells every hub that these members of `schema` changed (role, standing, approval, charter, choices), so
 * their member caches forget them. Call it in the transaction that changes them: a NOTIFY is delivered at
 * commit, so never before the change is visible, and not at all if it rolls back. A change made without it
 * (by hand, in psql) is seen by writes at once, which always read the row, and by reads once the cache's
 * entries expire.
 *
 * @example await tenant.transaction(async (trx) => { await ban(trx, id); await announceMemberChanges(trx, tenant.schema, [id]) })
 */
export async function announceMemberChanges(trx: TenantQuery, schema: string, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return
  await trx
    .selectFrom(sql<string>`unnest(${memberIds}::text[])`.as('member_id'))
    .select(sql`pg_notify(${memberChangesChannel}, ${schema} || ' ' || member_id)`.as('sent'))
    .execute()
}

type Notifications = InsertQueryBuilder<TenantDatabase, 'notifications', { id: string }>

// Writes notifications and queues their mail: the fan-out takes notification_notices and mails those who
// take the kind at once, as it does for new posts.
async function tell(trx: TenantQuery, notifications: (db: TenantQuery) => Notifications): Promise<void> {
  await trx
    .with('told', notifications)
    .insertInto('notification_notices')
    .columns(['notification_id'])
    .expression((eb) => eb.selectFrom('told').select('told.id'))
    .execute()
}

/**
 * Tells the moderators and owners in good standing of a request to join (`applicantId`) or a report
 * (`reportId`); `exceptId`, the applicant or the reporter, is never told of their own.
 *
 * @example await tellModerators(trx, { exceptId: reporterId, reportId: report.id })
 */
export async function tellModerators(
  trx: TenantQuery,
  about: { exceptId: string; applicantId?: string; reportId?: string },
): Promise<void> {
  await tell(trx, (db) =>
    db
      .insertInto('notifications')
      .columns(['member_id', 'kind', 'applicant_id', 'report_id'])
      .expression((eb) =>
        eb
          .selectFrom('members')
          .select([
            'member_id',
            sql<'moderation'>`'moderation'`.as('kind'),
            sql<string | null>`${about.applicantId ?? null}::uuid`.as('applicant_id'),
            sql<string | null>`${about.reportId ?? null}::bigint`.as('report_id'),
          ])
          .where('role', 'in', ['moderator', 'owner'])
          .where('approval', '=', 'approved')
          .where('left_at', 'is', null)
          .where('banned_at', 'is', null)
          .where('member_id', '<>', about.exceptId),
      )
      .returning('id'),
  )
}

/**
 * Tells each member of the decision on their request to join, and marks the moderators' notifications of
 * those requests read: nothing waits for the other moderators any more.
 *
 * @example await tellJoinDecisions(trx, [memberId], 'approved')
 */
export async function tellJoinDecisions(trx: TenantQuery, memberIds: readonly string[], decision: JoinDecision): Promise<void> {
  if (memberIds.length === 0) return
  await tell(trx, (db) =>
    db
      .insertInto('notifications')
      .values(memberIds.map((id) => ({ member_id: id, kind: 'join_decision' as const, applicant_id: id, decision })))
      .returning('id'),
  )
  await settleModeration(trx, 'applicant_id', memberIds)
}

/** Where a member's request to join stands: its approval, and whether they left. */
export interface JoinStanding {
  approval: MemberApproval
  leftAt: Date | null
}

/**
 * Tells what a change of a member's request to join means, wherever it is made: a request (a new member
 * waiting, or one asking again after leaving or being declined) tells the moderators; a decision on a
 * pending request tells the member. `before` is undefined for a member just added.
 *
 * @example await tellJoinChange(trx, memberId, { approval: 'declined', leftAt: null }, { approval: 'pending', leftAt: null })
 */
export async function tellJoinChange(
  trx: TenantQuery,
  memberId: string,
  before: JoinStanding | undefined,
  after: JoinStanding,
): Promise<void> {
  const asks = after.approval === 'pending' && after.leftAt === null
  if (asks && (before === undefined || before.approval !== 'pending' || before.leftAt !== null)) {
    await tellModerators(trx, { exceptId: memberId, applicantId: memberId })
  } else if (before?.approval === 'pending' && after.approval !== 'pending') {
    await tellJoinDecisions(trx, [memberId], after.approval)
  }
}

/**
 * Tells a member of a direct message they received.
 *
 * @example await tellOfMessage(trx, { recipientId, messageId })
 */
export async function tellOfMessage(trx: TenantQuery, message: { recipientId: string; messageId: string }): Promise<void> {
  await tell(trx, (db) =>
    db
      .insertInto('notifications')
      .values({ member_id: message.recipientId, kind: 'message', message_id: message.messageId })
      .returning('id'),
  )
}

/**
 * Marks the moderators' notifications of resolved reports read: a resolved report waits for no one.
 *
 * @example await settleReports(trx, resolved.map((report) => report.id))
 */
export async function settleReports(trx: TenantQuery, reportIds: readonly string[]): Promise<void> {
  await settleModeration(trx, 'report_id', reportIds)
}

// Marks read the moderators' notifications of these requests to join or reports: what they told is settled.
async function settleModeration(trx: TenantQuery, about: 'applicant_id' | 'report_id', ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('kind', '=', 'moderation')
    .where(about, 'in', ids)
    .where('read_at', 'is', null)
    .execute()
}
