import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { Author, CommunityActor } from '@kindred/community'
import { keyset, micros, toPage, type Page, type PageQuery } from '@kindred/pagination'
import { contactableMember } from './contact.ts'
import { messageColumns, messageView, selectMessages, type MessageRow } from './message-rows.ts'
import type { ConversationSummary, MessageView } from './views.ts'

/** A conversation with one member: who they are, and the messages both ways, newest first. */
export interface Conversation {
  counterpart: Author
  messages: Page<MessageView>
}

const noSuchConversation = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such conversation')

// Both lists are newest first on a message's `created_at`, then its id.
const messageKeys = keyset(['time', 'bigint'])
const cursorOf = (row: { position: string; id: string }): string => messageKeys.encode([row.position, row.id])

/**
 * The member's conversations, one per other member, the most recently active first (keyset on the latest
 * message's `created_at, id`), each with its latest message either way and the number of messages from
 * the other member still unread (deleted and hidden ones do not count).
 *
 * @example const { items, next } = await listConversations(actor, { limit: 20 })
 */
export async function listConversations(actor: CommunityActor, page: PageQuery): Promise<Page<ConversationSummary>> {
  const tdb = actor.tenant.query
  const me = actor.member.memberId
  const counterpart = sql<string>`case when x.sender_id = ${me}::uuid then x.recipient_id else x.sender_id end`
  // One of the pair is always the member: the pair (as messages_pair_idx writes it) is the counterpart.
  const low = sql`least(x.sender_id, x.recipient_id)`
  const high = sql`greatest(x.sender_id, x.recipient_id)`
  const latest = tdb
    .selectFrom('messages as x')
    .distinctOn([low, high])
    .select([counterpart.as('counterpart_id'), ...messageColumns])
    .where((eb) => eb.or([eb('x.sender_id', '=', me), eb('x.recipient_id', '=', me)]))
    .orderBy(low)
    .orderBy(high)
    .orderBy('x.created_at', 'desc')
    .orderBy('x.id', 'desc')
  let select = tdb
    .selectFrom(latest.as('l'))
    .innerJoin('members as m', 'm.member_id', 'l.counterpart_id')
    .selectAll('l')
    .select((eb) => [
      'm.pseudonym',
      'm.role',
      micros('l.created_at').as('position'),
      eb
        .selectFrom('messages as u')
        .select(eb.fn.countAll<string>().as('unread'))
        .whereRef('u.sender_id', '=', 'l.counterpart_id')
        .where('u.recipient_id', '=', me)
        .where('u.read_at', 'is', null)
        .where('u.deleted_at', 'is', null)
        .where('u.hidden_at', 'is', null)
        .as('unread_count'),
    ])
  if (page.cursor !== undefined) select = select.where(messageKeys.after(['l.created_at', 'l.id'], 'desc', messageKeys.decode(page.cursor)))
  const rows = await select
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return toPage(rows, page.limit, cursorOf, (row) => ({
    counterpart: { memberId: row.counterpart_id, pseudonym: row.pseudonym, role: row.role },
    latest: messageView(row),
    unreadCount: Number(row.unread_count ?? 0),
  }))
}

// Marks the messages of a page that the member received and had not read yet, and their notifications, in
// one statement; returns them as read.
async function markRead<Row extends MessageRow>(actor: CommunityActor, rows: Row[]): Promise<Row[]> {
  const me = actor.member.memberId
  const unread = rows.filter((row) => row.recipient_id === me && row.read_at === null).map((row) => row.id)
  if (unread.length === 0) return rows
  const read = await actor.tenant.query
    .with('read', (db) =>
      db
        .updateTable('messages')
        .set({ read_at: sql<Date>`now()` })
        .where('id', 'in', unread)
        .where('read_at', 'is', null)
        .returning(['id', 'read_at']),
    )
    .with('settled', (db) =>
      db
        .updateTable('notifications')
        .from('read')
        .set((eb) => ({ read_at: eb.ref('read.read_at') }))
        .whereRef('notifications.message_id', '=', 'read.id')
        .where('notifications.member_id', '=', me)
        .where('notifications.read_at', 'is', null)
        .returning('notifications.id'),
    )
    .selectFrom('read')
    .select(['id', 'read_at'])
    .execute()
  const readAt = new Map(read.map((row) => [row.id, row.read_at]))
  return rows.map((row) => ({ ...row, read_at: readAt.get(row.id) ?? row.read_at }))
}

/**
 * The conversation with one member: the messages both ways, newest first, a page at a time (keyset:
 * `created_at desc, id desc`); the ones on the page that the member received are marked read. A member
 * they have no messages with and cannot message either is 404, as nobody is.
 *
 * @example const { counterpart, messages } = await readConversation(actor, memberId, { limit: 20 })
 */
export async function readConversation(actor: CommunityActor, counterpartId: string, page: PageQuery): Promise<Conversation> {
  const me = actor.member.memberId
  if (counterpartId === me) throw new KindredError('KINDRED_BAD_REQUEST', 'There is no conversation with yourself')
  const counterpart = await actor.tenant.query
    .selectFrom('members')
    .select(['member_id', 'pseudonym', 'role'])
    .where('member_id', '=', counterpartId)
    .executeTakeFirst()
  if (counterpart === undefined) throw noSuchConversation()
  let select = selectMessages(actor.tenant)
    .where(sql<boolean>`least(x.sender_id, x.recipient_id) = least(${me}::uuid, ${counterpartId}::uuid)`)
    .where(sql<boolean>`greatest(x.sender_id, x.recipient_id) = greatest(${me}::uuid, ${counterpartId}::uuid)`)
  if (page.cursor !== undefined) select = select.where(messageKeys.after(['x.created_at', 'x.id'], 'desc', messageKeys.decode(page.cursor)))
  const rows = await select
    .orderBy('x.created_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  if (rows.length === 0 && page.cursor === undefined && (await contactableMember(actor.tenant, counterpartId)) === undefined)
    throw noSuchConversation()
  const marked = await markRead(actor, rows)
  return {
    counterpart: { memberId: counterpart.member_id, pseudonym: counterpart.pseudonym, role: counterpart.role },
    messages: toPage(marked, page.limit, cursorOf, messageView),
  }
}
