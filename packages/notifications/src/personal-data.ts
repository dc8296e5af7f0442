import type { DigestCadence, JoinDecision, NotificationCadence, NotificationKind, TenantHandle } from '@kindred/community'

/** What a member's export holds of their notifications in one community. */
export interface MemberNotificationsExport {
  preferences: { kind: NotificationKind | 'include_text' | 'digest'; value: NotificationCadence | DigestCadence | boolean }[]
  threadFollows: { threadId: string; level: string }[]
  categoryFollows: { categoryId: string; level: string }[]
  notifications: {
    kind: NotificationKind
    threadId: string | null
    postId: string | null
    /** The direct message, the report, the member who asked to join (tenant/0014), and what was decided. */
    messageId: string | null
    reportId: string | null
    applicantId: string | null
    decision: JoinDecision | null
    createdAt: Date
    readAt: Date | null
  }[]
}

/**
 * A member's notification choices (every column of their preferences, the digest's included), follows and
 * notifications, for their data export.
 *
 * @example const { preferences, notifications } = await exportMemberNotifications(tenant, memberId)
 */
export async function exportMemberNotifications(tenant: TenantHandle, memberId: string): Promise<MemberNotificationsExport> {
  const [preferences, threadFollows, categoryFollows, notifications] = await Promise.all([
    tenant.query.selectFrom('notification_preferences').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
    tenant.query
      .selectFrom('thread_follows')
      .select(['thread_id', 'level'])
      .where('member_id', '=', memberId)
      .orderBy('thread_id')
      .execute(),
    tenant.query
      .selectFrom('category_follows')
      .select(['category_id', 'level'])
      .where('member_id', '=', memberId)
      .orderBy('category_id')
      .execute(),
    tenant.query
      .selectFrom('notifications')
      .select(['kind', 'thread_id', 'post_id', 'message_id', 'report_id', 'applicant_id', 'decision', 'created_at', 'read_at'])
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute(),
  ])
  const chosen = preferences === undefined ? [] : Object.entries(preferences).filter(([column]) => column !== 'member_id')
  return {
    preferences: chosen
      .filter(([, value]) => value !== null)
      .map(([kind, value]) => ({
        kind: kind as NotificationKind | 'include_text' | 'digest',
        value: value as NotificationCadence | DigestCadence | boolean,
      })),
    threadFollows: threadFollows.map((row) => ({ threadId: row.thread_id, level: row.level })),
    categoryFollows: categoryFollows.map((row) => ({ categoryId: row.category_id, level: row.level })),
    notifications: notifications.map((row) => ({
      kind: row.kind,
      threadId: row.thread_id,
      postId: row.post_id,
      messageId: row.message_id,
      reportId: row.report_id,
      applicantId: row.applicant_id,
      decision: row.decision,
      createdAt: row.created_at,
      readAt: row.read_at,
    })),
  }
}

/** Deletes a member's notification choices, follows and notifications, in the erasure's transaction. */
export async function eraseMemberNotifications(tenant: Pick<TenantHandle, 'query'>, memberId: string): Promise<void> {
  await tenant.query.deleteFrom('notifications').where('member_id', '=', memberId).execute()
  await tenant.query.deleteFrom('thread_follows').where('member_id', '=', memberId).execute()
  await tenant.query.deleteFrom('category_follows').where('member_id', '=', memberId).execute()
  await tenant.query.deleteFrom('notification_preferences').where('member_id', '=', memberId).execute()
}
