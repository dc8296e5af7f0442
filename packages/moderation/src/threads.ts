import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, type CommunityActor } from '@kindred/community'
import { writeLog } from './log.ts'
import type { ModeratedThread } from './views.ts'

// One conditional update: a thread already in that state is 409 and nothing is logged twice.
async function setLocked(actor: CommunityActor, id: string, locked: boolean, reason: string | undefined): Promise<ModeratedThread> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const changed = await trx
      .updateTable('threads')
      .set({ locked_at: locked ? sql<Date>`now()` : null })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .where('locked_at', locked ? 'is' : 'is not', null)
      .returning(['id', 'title', 'locked_at', 'hidden_at'])
      .executeTakeFirst()
    if (changed === undefined) {
      const exists = await trx.selectFrom('threads').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
      if (exists === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such thread')
      throw new KindredError('KINDRED_CONFLICT', locked ? 'This thread is locked already' : 'This thread is not locked')
    }
    await writeLog(trx, actor.member.memberId, [{ action: locked ? 'lock_thread' : 'unlock_thread', threadId: id, reason }])
    return { id: changed.id, title: changed.title, locked: changed.locked_at !== null, hidden: changed.hidden_at !== null }
  })
}

/**
 * Locks a thread: it stays readable and takes no more replies (409 `KINDRED_THREAD_LOCKED`).
 *
 * @example await lockThread(actor, '12', 'The question was answered; please open a new thread')
 */
export async function lockThread(actor: CommunityActor, id: string, reason?: string): Promise<ModeratedThread> {
  return setLocked(actor, id, true, reason)
}

/**
 * Unlocks a thread: it takes replies again.
 *
 * @example await unlockThread(actor, '12')
 */
export async function unlockThread(actor: CommunityActor, id: string, reason?: string): Promise<ModeratedThread> {
  return setLocked(actor, id, false, reason)
}
