import { sql } from 'kysely'
import type { CommunityActor, DigestCadence, NotificationCadence, NotificationKind, TenantQuery } from '@kindred/community'

/** Every kind of notification a member chooses a cadence for, in the order a settings page lists them. */
export const notificationKinds: readonly NotificationKind[] = ['reply', 'mention', 'message', 'join_decision', 'moderation']

/** Every cadence, from the most to the least. */
export const notificationCadences: readonly NotificationCadence[] = ['immediately', 'daily', 'weekly', 'off']

/**
 * What a member who chose nothing gets: told at once of what is addressed to them (replies in their
 * threads, mentions, messages, a decision on joining); moderators get their queues once a day.
 */
export const defaultCadences: Readonly<Record<NotificationKind, NotificationCadence>> = {
  reply: 'immediately',
  mention: 'immediately',
  message: 'immediately',
  join_decision: 'immediately',
  moderation: 'daily',
}

/** How often a digest may tell of new threads and unanswered questions, from the most to the least. */
export const digestCadences: readonly DigestCadence[] = ['daily', 'weekly', 'off']

/** What a member who chose nothing gets of new threads and unanswered questions: once a week, by digest. */
export const defaultDigest: DigestCadence = 'weekly'

/** A member's notification choices in one community. */
export interface NotificationPreferences {
  cadences: Record<NotificationKind, NotificationCadence>
  /** Whether mail may carry the post's text (off by default: mail names the community and thread only). */
  includeText: boolean
  /** How often the digest tells of the community's new threads and unanswered questions. */
  digest: DigestCadence
}

/**
 * The member's choices, the defaults filled in where they chose nothing.
 *
 * @example const { cadences } = await notificationPreferences(actor) // cadences.reply === 'immediately'
 */
export async function notificationPreferences(actor: CommunityActor): Promise<NotificationPreferences> {
  const row = await actor.tenant.query
    .selectFrom('notification_preferences')
    .selectAll()
    .where('member_id', '=', actor.member.memberId)
    .executeTakeFirst()
  const cadences = Object.fromEntries(notificationKinds.map((kind) => [kind, row?.[kind] ?? defaultCadences[kind]]))
  return {
    cadences: cadences as Record<NotificationKind, NotificationCadence>,
    includeText: row?.include_text ?? false,
    digest: row?.digest ?? defaultDigest,
  }
}

/**
 * Changes some of the member's choices in one upsert (the others stay as they were) and answers them all.
 *
 * @example await setNotificationPreferences(actor, { cadences: { reply: 'daily' }, includeText: true, digest: 'off' })
 */
export async function setNotificationPreferences(
  actor: CommunityActor,
  change: { cadences?: Partial<Record<NotificationKind, NotificationCadence>>; includeText?: boolean; digest?: DigestCadence },
): Promise<NotificationPreferences> {
  const values = {
    ...change.cadences,
    ...(change.includeText === undefined ? {} : { include_text: change.includeText }),
    ...(change.digest === undefined ? {} : { digest: change.digest }),
  }
  if (Object.keys(values).length > 0) {
    await actor.tenant.query
      .insertInto('notification_preferences')
      .values({ member_id: actor.member.memberId, ...values })
      .onConflict((conflict) => conflict.column('member_id').doUpdateSet(values))
      .execute()
  }
  return notificationPreferences(actor)
}

/**
 * Which of `memberIds` take `kind` at `cadence`, by their choice or by the kind's default.
 *
 * @example const now = await membersTaking(trx, 'reply', 'immediately', told.map((one) => one.memberId))
 */
export async function membersTaking(
  db: TenantQuery,
  kind: NotificationKind,
  cadence: NotificationCadence,
  memberIds: readonly string[],
): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set()
  const chosen = await db
    .selectFrom('notification_preferences')
    .select(['member_id', sql<NotificationCadence | null>`${sql.ref(kind)}`.as('cadence')])
    .where('member_id', 'in', memberIds)
    .execute()
  const choices = new Map(chosen.map((row) => [row.member_id, row.cadence ?? defaultCadences[kind]]))
  return new Set(memberIds.filter((memberId) => (choices.get(memberId) ?? defaultCadences[kind]) === cadence))
}
