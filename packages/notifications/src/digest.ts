import { sql, type Expression, type SqlBool } from 'kysely'
import type { NotificationKind, TenantHandle } from '@kindred/community'
import { defaultCadences, defaultDigest, notificationKinds } from './preferences.ts'

/** How often a digest goes: the cadences a member may take things at, less 'immediately' and 'off'. */
export type DigestFrequency = 'daily' | 'weekly'

/** The stretch of time one digest tells of, and the day that names it (one digest per member, frequency and day). */
export interface DigestPeriod {
  frequency: DigestFrequency
  since: Date
  until: Date
  /** `YYYY-MM-DD` of `until`, in UTC: what makes a digest one of a kind. */
  day: string
}

const periodDays: Record<DigestFrequency, number> = { daily: 1, weekly: 7 }
const dayMs = 24 * 60 * 60 * 1000

// How far back a question without a reply still counts as one where a member's experience may help.
const unansweredDays: Record<DigestFrequency, number> = { daily: 7, weekly: 28 }

/** The most new threads, and questions without a reply, one community's part of a digest names. */
export const digestListLength = { newThreads: 10, unanswered: 5, notifications: 20 }

/**
 * The period a digest sent at `until` tells of: the day (or week) before it.
 *
 * @example digestPeriod('daily', new Date('2026-12-03T07:00:00Z')) // { since: 2026-12-02T07:00Z, until, day: '2026-12-03' }
 */
export function digestPeriod(frequency: DigestFrequency, until: Date): DigestPeriod {
  const since = new Date(until.getTime() - periodDays[frequency] * dayMs)
  return { frequency, since, until, day: until.toISOString().slice(0, 10) }
}

/** A notification as a digest tells of it. `by` and `excerpt` only where the member opted in to the text. */
export interface DigestNotification {
  kind: NotificationKind
  threadTitle: string | null
  postId: string | null
  by: string | null
  excerpt: string | null
}

/** A thread a digest names: its title and where it is, nothing else. */
export interface DigestThread {
  id: string
  title: string
}

/** One community's part of one member's digest. */
export interface CommunityDigest {
  notifications: DigestNotification[]
  /** Unread notifications beyond those listed. */
  moreNotifications: number
  newThreads: DigestThread[]
  /** New threads beyond those listed. */
  moreNewThreads: number
  unanswered: DigestThread[]
}

/** Whether a community's part of a digest says nothing (and is left out). */
export const isEmptyDigest = (part: CommunityDigest): boolean =>
  part.notifications.length + part.moreNotifications + part.newThreads.length + part.unanswered.length === 0

type Column = `np.${NotificationKind}`

// The member's cadence for the kind of notification `n`: their choice, else the kind's default.
const cadenceOfNotification = () =>
  sql<string>`case n.kind ${sql.join(
    notificationKinds.map((kind) => sql`when ${kind} then coalesce(${sql.ref(`np.${kind}` satisfies Column)}, ${defaultCadences[kind]})`),
    sql` `,
  )} end`

const digestOf = () => sql<string>`coalesce(np.digest, ${defaultDigest})`

const inPeriod = (period: DigestPeriod, column: string): Expression<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} >= ${period.since} and ${sql.ref(column)} < ${period.until}`

// Threads a digest may name: still there, and not hidden.
const visibleThread = sql<SqlBool>`t.deleted_at is null and t.hidden_at is null`

/**
 * Whether the community has anything a digest of new threads could say for the period: a thread opened in
 * it, or a question still without a reply. Planning skips the digest preference of a quiet community.
 */
async function hasNews(tenant: TenantHandle, period: DigestPeriod): Promise<boolean> {
  const unansweredSince = new Date(period.until.getTime() - unansweredDays[period.frequency] * dayMs)
  const row = await tenant.query
    .selectFrom('threads as t')
    .select('t.id')
    .where(visibleThread)
    .where('t.created_at', '>=', unansweredSince)
    .where('t.created_at', '<', period.until)
    .where((eb) => eb.or([eb('t.created_at', '>=', period.since), eb('t.reply_count', '=', 0)]))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * The members of a community who may have something in the period's digest: members in good standing with
 * an unread notification of the period of a kind they take at this frequency, or who take new threads at
 * this frequency when the community has some. Their digests are made later, in batches; one found empty then is not sent.
 *
 * @example const due = await membersDueDigest(tenant, digestPeriod('daily', new Date()))
 */
export async function membersDueDigest(tenant: TenantHandle, period: DigestPeriod): Promise<string[]> {
  const news = await hasNews(tenant, period)
  const rows = await tenant.query
    .selectFrom('members as m')
    .leftJoin('notification_preferences as np', 'np.member_id', 'm.member_id')
    .select('m.member_id')
    .where('m.approval', '=', 'approved')
    .where('m.left_at', 'is', null)
    .where('m.banned_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(news ? [eb(digestOf(), '=', period.frequency)] : []),
        eb.exists(
          eb
            .selectFrom('notifications as n')
            .select(sql`1`.as('one'))
            .whereRef('n.member_id', '=', 'm.member_id')
            .where('n.read_at', 'is', null)
            .where(inPeriod(period, 'n.created_at'))
            .where(cadenceOfNotification(), '=', period.frequency),
        ),
      ]),
    )
    .execute()
  return rows.map((row) => row.member_id)
}

interface Chooser {
  memberId: string
  includeText: boolean
  takesThreads: boolean
}

// The members among `memberIds` still in good standing, and their choices.
async function choosers(tenant: TenantHandle, period: DigestPeriod, memberIds: readonly string[]): Promise<Chooser[]> {
  const rows = await tenant.query
    .selectFrom('members as m')
    .leftJoin('notification_preferences as np', 'np.member_id', 'm.member_id')
    .select(['m.member_id', 'np.include_text'])
    .select((eb) => eb(digestOf(), '=', period.frequency).as('takes_threads'))
    .where('m.member_id', 'in', memberIds)
    .where('m.approval', '=', 'approved')
    .where('m.left_at', 'is', null)
    .where('m.banned_at', 'is', null)
    .execute()
  return rows.map((row) => ({ memberId: row.member_id, includeText: row.include_text === true, takesThreads: row.takes_threads === true }))
}

// The unread notifications of the period the members take at this frequency, oldest first, with the author's
// pseudonym and the post's text (used only for members who opted in to the text).
async function notificationsOf(tenant: TenantHandle, period: DigestPeriod, memberIds: readonly string[]) {
  return tenant.query
    .selectFrom('notifications as n')
    .leftJoin('notification_preferences as np', 'np.member_id', 'n.member_id')
    .leftJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('posts as p', 'p.id', 'n.post_id')
    .leftJoin('members as a', 'a.member_id', 'p.author_id')
    .select(['n.member_id', 'n.kind', 't.title', 'n.post_id', 'a.pseudonym', 'p.body_markdown'])
    .where('n.member_id', 'in', memberIds)
    .where('n.read_at', 'is', null)
    .where(inPeriod(period, 'n.created_at'))
    .where(cadenceOfNotification(), '=', period.frequency)
    .where((eb) =>
      eb.and([
        eb.or([eb('n.thread_id', 'is', null), eb.and([eb('t.deleted_at', 'is', null), eb('t.hidden_at', 'is', null)])]),
        eb.or([eb('n.post_id', 'is', null), eb.and([eb('p.deleted_at', 'is', null), eb('p.hidden_at', 'is', null)])]),
      ]),
    )
    .orderBy('n.id')
    .execute()
}

interface Candidate {
  id: string
  title: string
  category_id: string
  author_id: string
}

// The threads opened in the period, and the questions still without a reply opened before it, newest first.
async function candidateThreads(tenant: TenantHandle, period: DigestPeriod): Promise<{ opened: Candidate[]; unanswered: Candidate[] }> {
  const unansweredSince = new Date(period.until.getTime() - unansweredDays[period.frequency] * dayMs)
  const threads = (since: Date, until: Date) =>
    tenant.query
      .selectFrom('threads as t')
      .select(['t.id', 't.title', 't.category_id', 't.author_id'])
      .where(visibleThread)
      .where('t.created_at', '>=', since)
      .where('t.created_at', '<', until)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
  const [opened, unanswered] = await Promise.all([
    threads(period.since, period.until).limit(500).execute(),
    threads(unansweredSince, period.since).where('t.reply_count', '=', 0).where('t.locked_at', 'is', null).limit(200).execute(),
  ])
  return { opened, unanswered }
}

// For each member: the categories and threads they muted, and the categories they have posted in.
async function followingOf(tenant: TenantHandle, memberIds: readonly string[], threadIds: readonly string[]) {
  const [mutedCategories, mutedThreads, postedIn] = await Promise.all([
    tenant.query
      .selectFrom('category_follows')
      .select(['member_id', 'category_id as id'])
      .where('member_id', 'in', memberIds)
      .where('level', '=', 'muted')
      .execute(),
    threadIds.length === 0
      ? []
      : tenant.query
          .selectFrom('thread_follows')
          .select(['member_id', 'thread_id as id'])
          .where('member_id', 'in', memberIds)
          .where('thread_id', 'in', threadIds)
          .where('level', '=', 'muted')
          .execute(),
    tenant.query
      .selectFrom('posts as p')
      .innerJoin('threads as t', 't.id', 'p.thread_id')
      .select(['p.author_id as member_id', 't.category_id as id'])
      .distinct()
      .where('p.author_id', 'in', memberIds)
      .where('p.deleted_at', 'is', null)
      .execute(),
  ])
  const byMember = (rows: readonly { member_id: string; id: string }[]) => {
    const sets = new Map<string, Set<string>>()
    for (const row of rows) sets.set(row.member_id, (sets.get(row.member_id) ?? new Set()).add(row.id))
    return (memberId: string) => sets.get(memberId) ?? new Set<string>()
  }
  return { mutedCategories: byMember(mutedCategories), mutedThreads: byMember(mutedThreads), postedIn: byMember(postedIn) }
}

const shown = (thread: Candidate): DigestThread => ({ id: thread.id, title: thread.title })

/**
 * Each member's part of the period's digest in this community, in a few queries for the whole batch: their
 * unread notifications of the period of the kinds they take at this frequency, and (for members who take
 * new threads at this frequency) the threads opened in the period and the questions without a reply in the
 * categories they post in, less their own threads and what they muted. Members who left, were banned or
 * are not approved have none. The author's pseudonym and the post's text only for members who opted in to
 * the text; nothing here comes from any other community.
 *
 * @example const parts = await communityDigests(tenant, digestPeriod('daily', until), memberIds)
 */
export async function communityDigests(
  tenant: TenantHandle,
  period: DigestPeriod,
  memberIds: readonly string[],
): Promise<Map<string, CommunityDigest>> {
  const members = memberIds.length === 0 ? [] : await choosers(tenant, period, memberIds)
  if (members.length === 0) return new Map()
  const ids = members.map((one) => one.memberId)
  const readers = members.filter((one) => one.takesThreads).map((one) => one.memberId)
  const [notifications, candidates] = await Promise.all([
    notificationsOf(tenant, period, ids),
    readers.length === 0 ? { opened: [], unanswered: [] } : candidateThreads(tenant, period),
  ])
  const threadIds = [...candidates.opened, ...candidates.unanswered].map((one) => one.id)
  const following = readers.length === 0 ? undefined : await followingOf(tenant, readers, threadIds)
  const byMember = Map.groupBy(notifications, (row) => row.member_id)
  return new Map(
    members.map(({ memberId, includeText, takesThreads }) => {
      const told = byMember.get(memberId) ?? []
      const listed = told.slice(0, digestListLength.notifications).map((row) => ({
        kind: row.kind,
        threadTitle: row.title,
        postId: row.post_id,
        by: includeText ? row.pseudonym : null,
        excerpt: includeText ? row.body_markdown : null,
      }))
      const part: CommunityDigest = {
        notifications: listed,
        moreNotifications: told.length - listed.length,
        newThreads: [],
        moreNewThreads: 0,
        unanswered: [],
      }
      if (takesThreads && following !== undefined) {
        const [mutedCategories, mutedThreads, postedIn] = [
          following.mutedCategories(memberId),
          following.mutedThreads(memberId),
          following.postedIn(memberId),
        ]
        const wanted = (thread: Candidate) =>
          thread.author_id !== memberId && !mutedCategories.has(thread.category_id) && !mutedThreads.has(thread.id)
        const opened = candidates.opened.filter(wanted)
        part.newThreads = opened.slice(0, digestListLength.newThreads).map(shown)
        part.moreNewThreads = opened.length - part.newThreads.length
        part.unanswered = candidates.unanswered
          .filter((thread) => wanted(thread) && postedIn.has(thread.category_id))
          .slice(0, digestListLength.unanswered)
          .map(shown)
      }
      return [memberId, part]
    }),
  )
}
