import { sql } from 'kysely'
import { announceMemberChanges, assertModerator, tellJoinDecisions, type CommunityActor } from '@kindred/community'
import { writeLog, type LogWrite } from './log.ts'

/** The community's own settings that its moderators and owners choose. */
export interface CommunitySettings {
  /** Whether a moderator approves each new member before they take part. */
  joinApproval: boolean
}

const approvedWhenTurnedOff = 'Join approval was turned off'

/**
 * The community's settings, for moderators and owners (403 for anyone else).
 *
 * @example const { joinApproval } = await communitySettings(actor)
 */
export async function communitySettings(actor: CommunityActor): Promise<CommunitySettings> {
  assertModerator(actor.member)
  const row = await actor.tenant.query.selectFrom('settings').select('join_approval').executeTakeFirstOrThrow()
  return { joinApproval: row.join_approval }
}

/**
 * Changes the community's settings (moderators and owners), logged as `change_settings` when something
 * changes. Turning join approval off approves every pending request in the same transaction (each logged
 * as `approve_member`): nobody is left waiting for a decision the community no longer makes.
 *
 * @example await changeSettings(actor, { joinApproval: false }, 'Small enough to welcome everyone')
 */
export async function changeSettings(actor: CommunityActor, change: CommunitySettings, reason?: string): Promise<CommunitySettings> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const current = await trx.selectFrom('settings').select('join_approval').forUpdate().executeTakeFirstOrThrow()
    if (current.join_approval === change.joinApproval) return change
    await trx
      .updateTable('settings')
      .set({ join_approval: change.joinApproval, updated_at: sql<Date>`now()` })
      .execute()
    const entries: LogWrite[] = [{ action: 'change_settings', reason }]
    if (!change.joinApproval) {
      const approved = await trx
        .updateTable('members')
        .set({ approval: 'approved' })
        .where('approval', '=', 'pending')
        .returning('member_id')
        .execute()
      const ids = approved.map((member) => member.member_id)
      await announceMemberChanges(trx, actor.tenant.schema, ids)
      await tellJoinDecisions(trx, ids, 'approved')
      entries.push(...ids.map((memberId) => ({ action: 'approve_member' as const, memberId, reason: approvedWhenTurnedOff })))
    }
    await writeLog(trx, actor.member.memberId, entries)
    return change
  })
}
