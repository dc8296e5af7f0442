import { sql, type Kysely } from 'kysely'
import type { HubDatabase, NetworkRole } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { getAccount, normaliseEmail, type Account } from './accounts.ts'

/** Roles that staff verify and grant through the API; `staff` itself is granted by an operator. */
export const verifiedRoles = ['industry', 'health_professional'] as const satisfies readonly NetworkRole[]

export interface RoleChange {
  accountId: string
  role: NetworkRole
  /** The staff member making the change; omitted for an operator at the command line. */
  changedBy?: string
}

async function applyRoleChange(db: Kysely<HubDatabase>, change: RoleChange, kind: 'grant' | 'revoke'): Promise<Account> {
  await db.transaction().execute(async (trx) => {
    const roles =
      kind === 'grant'
        ? sql<NetworkRole[]>`array(select distinct unnest(roles || array[${change.role}]::text[]) order by 1)`
        : sql<NetworkRole[]>`array_remove(roles, ${change.role})`
    const updated = await trx.updateTable('hub.accounts').set({ roles }).where('id', '=', change.accountId).executeTakeFirst()
    if (updated.numUpdatedRows === 0n) throw new KindredError('KINDRED_NOT_FOUND', 'No such account')
    await trx
      .insertInto('hub.role_changes')
      .values({ account_id: change.accountId, role: change.role, change: kind, changed_by: change.changedBy ?? null })
      .execute()
  })
  return getAccount(db, change.accountId)
}

/** Gives an account a network role (idempotent) and records who did it. */
export function grantRole(db: Kysely<HubDatabase>, change: RoleChange): Promise<Account> {
  return applyRoleChange(db, change, 'grant')
}

/** Takes a network role from an account (idempotent) and records who did it. */
export function revokeRole(db: Kysely<HubDatabase>, change: RoleChange): Promise<Account> {
  return applyRoleChange(db, change, 'revoke')
}

/** The id of the account with this email, or `KINDRED_NOT_FOUND`. */
export async function accountIdByEmail(db: Kysely<HubDatabase>, email: string): Promise<string> {
  const row = await db.selectFrom('hub.accounts').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No account with this email')
  return row.id
}

/** The history of an account's network roles, oldest first. */
export async function roleHistory(db: Kysely<HubDatabase>, accountId: string) {
  return db
    .selectFrom('hub.role_changes')
    .select(['role', 'change', 'changed_by', 'changed_at'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}
