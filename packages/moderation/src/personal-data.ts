import { sql } from 'kysely'
import type { TenantHandle } from '@kindred/community'

/**
 * The reports a member filed in one community (what, why, when and how it ended), as whole rows, for
 * their export.
 *
 * @example const reports = await exportMemberReports(tenant, memberId)
 */
export async function exportMemberReports(tenant: TenantHandle, memberId: string): Promise<Array<Record<string, unknown>>> {
  const rows = await tenant.query
    .selectFrom('reports')
    .select(sql<Record<string, unknown>>`to_jsonb(reports)`.as('row'))
    .where('reporter_id', '=', memberId)
    .orderBy('id')
    .execute()
  return rows.map((report) => report.row)
}

/**
 * Erases a member's words from the reports they filed: each reason becomes `notice`. The reports stay,
 * so that moderators' queue and log keep their history. Running it again changes nothing more.
 *
 * @example await eraseMemberReports(tenant, memberId, '[removed at the request of its author]')
 */
export async function eraseMemberReports(tenant: TenantHandle, memberId: string, notice: string): Promise<void> {
  await tenant.query.updateTable('reports').set({ reason: notice }).where('reporter_id', '=', memberId).execute()
}
