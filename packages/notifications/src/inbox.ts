import { sql, type ExpressionBuilder } from 'kysely'
import type { CommunityActor, JoinDecision, NotificationKind, TenantDatabase } from '@kindred/community'
import { keyset, toPage, type Page, type PageQuery } from '@kindred/pagination'

/** A notification as the member's list shows it. */
export interface NotificationView {
  id: string
  kind: NotificationKind
  threadId: string | null
  threadTitle: string | null
  postId: string | null
  /** Whether the post opens its thread (told to whoever watches its category): started, not replied in. */
  opensThread: boolean
  /** Who it comes from, in this community only: the post's author, the message's sender, the applicant. */
  by: string | null
  /** The direct message (kind 'message'). */
  messageId: string | null
  /** Its sender's member id here, to open the conversation. */
  senderId: string | null
  /** The report waiting for moderators (kind 'moderation' of a report). */
  reportId: string | null
  /** What was decided of the member's request to join (kind 'join_decision'). */
  decision: JoinDecision | null
  createdAt: Date
  read: boolean
}

/** Page sizes of the list: the site shows a first page, the API pages through. */
export const inboxLength = 50

const notificationKeys = keyset(['bigint'], 'notifications')

type Listed = ExpressionBuilder<
  TenantDatabase & {
    n: TenantDatabase['notifications']
    t: TenantDatabase['threads']
    p: TenantDatabase['posts']
    x: TenantDatabase['messages']
  },
  'n' | 't' | 'p' | 'x'
>

// What the list and its unread count leave out: notifications whose thread, post or message was hidden or
// deleted since.
const stillVisible = (eb: Listed) =>
  eb.and([
    eb.or([eb('n.thread_id', 'is', null), eb.and([eb('t.deleted_at', 'is', null), eb('t.hidden_at', 'is', null)])]),
    eb.or([eb('n.post_id', 'is', null), eb.and([eb('p.deleted_at', 'is', null), eb('p.hidden_at', 'is', null)])]),
    eb.or([eb('n.message_id', 'is', null), eb.and([eb('x.deleted_at', 'is', null), eb('x.hidden_at', 'is', null)])]),
  ])

/**
 * The member's notifications in this community, newest first, a page at a time (keyset: id), with what
 * each is about; those whose thread or post has since been hidden or deleted are left out. A tampered
 * cursor is 400.
 *
 * @example const { items } = await listNotifications(actor) // [{ kind: 'reply', threadTitle: 'Mornings', by: 'bo', read: false, … }]
 */
export async function listNotifications(actor: CommunityActor, page: PageQuery = { limit: inboxLength }): Promise<Page<NotificationView>> {
  const after = page.cursor === undefined ? undefined : notificationKeys.decode(page.cursor)
  let query = actor.tenant.query
    .selectFrom('notifications as n')
    .leftJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('posts as p', 'p.id', 'n.post_id')
    .leftJoin('messages as x', 'x.id', 'n.message_id')
    // One of the three, whichever the notification is about (an applicant is only a moderator's 'by').
    .leftJoin('members as a', (join) =>
      join.on('a.member_id', '=', sql<string>`coalesce(p.author_id, x.sender_id, case when n.kind = 'moderation' then n.applicant_id end)`),
    )
    .select(['n.id', 'n.kind', 'n.thread_id', 't.title', 'n.post_id', 'a.pseudonym', 'n.created_at', 'n.read_at'])
    .select(['n.message_id', 'x.sender_id', 'n.report_id', 'n.decision'])
    .select((eb) =>
      eb
        .and([
          eb('n.post_id', 'is not', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('posts as q')
                .select(sql`1`.as('one'))
                .whereRef('q.thread_id', '=', 'n.thread_id')
                .whereRef('q.id', '<', 'n.post_id'),
            ),
          ),
        ])
        .as('opens_thread'),
    )
    .where('n.member_id', '=', actor.member.memberId)
    .where(stillVisible)
  if (after !== undefined) query = query.where(notificationKeys.after(['n.id'], 'desc', after))
  const rows = await query
    .orderBy('n.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return toPage(
    rows,
    page.limit,
    (row) => notificationKeys.encode([row.id]),
    (row) => ({
      id: row.id,
      kind: row.kind,
      threadId: row.thread_id,
      threadTitle: row.title,
      postId: row.post_id,
      opensThread: row.opens_thread === true,
      by: row.pseudonym,
      messageId: row.message_id,
      senderId: row.sender_id,
      reportId: row.report_id,
      decision: row.decision,
      createdAt: row.created_at,
      read: row.read_at !== null,
    }),
  )
}

/** How many of the member's notifications in this community are unread (those the list would show). */
export async function unreadNotificationCount(actor: Pick<CommunityActor, 'tenant'> & { member: { memberId: string } }): Promise<number> {
  const row = await actor.tenant.query
    .selectFrom('notifications as n')
    .leftJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('posts as p', 'p.id', 'n.post_id')
    .leftJoin('messages as x', 'x.id', 'n.message_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('n.member_id', '=', actor.member.memberId)
    .where('n.read_at', 'is', null)
    .where(stillVisible)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Marks the member's notifications read: those given, or (`'all'`) every one. Answers how many changed.
 *
 * @example await markNotificationsRead(actor, ['41', '42'])
 */
export async function markNotificationsRead(actor: CommunityActor, which: readonly string[] | 'all'): Promise<number> {
  if (which !== 'all' && which.length === 0) return 0
  let update = actor.tenant.query
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('member_id', '=', actor.member.memberId)
    .where('read_at', 'is', null)
  if (which !== 'all') update = update.where('id', 'in', which)
  const result = await update.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Marks read the member's notifications of a thread up to a post, as reading the thread's page does.
 *
 * @example await markThreadNotificationsRead(actor, '12', '41')
 */
export async function markThreadNotificationsRead(actor: CommunityActor, threadId: string, upToPostId: string): Promise<number> {
  const result = await actor.tenant.query
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('member_id', '=', actor.member.memberId)
    .where('thread_id', '=', threadId)
    .where('post_id', '<=', upToPostId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
