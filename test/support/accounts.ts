import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { grantRole, normaliseEmail } from '@kindred/identity'
import type { TestHub } from './hub.ts'

export interface SignedUp {
  accountId: string
  accessToken: string
  refreshToken: string
}

/**
 * Marks the address `email` confirmed, as following its verification link does, for tests whose subject is
 * not the link itself; the account's verification mail still queued goes too (it would send nothing now),
 * so that tests of the queue find only their own jobs. The account's id.
 */
export async function markEmailVerified(db: Kysely<HubDatabase>, email: string): Promise<string> {
  const { id } = await db
    .updateTable('hub.accounts')
    .set({ email_verified_at: new Date() })
    .where('email', '=', normaliseEmail(email))
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`delete from graphile_worker._private_jobs as job using graphile_worker._private_tasks as task
    where task.id = job.task_id and task.identifier = 'email_verification__mail' and job.payload->>'accountId' = ${id}`.execute(db)
  return id
}

/**
 * Registers `<name>@example.org` through the real API (each name from an address of its own, so the
 * registration rate limit is not what a test meets), confirms its address behind the API's back (the
 * link has tests of its own), signs in through the real API, and optionally grants network staff.
 * `verified: false` leaves the address unconfirmed: the account may sign in and read, not join.
 */
export async function signUp(hub: TestHub, name: string, options: { staff?: boolean; verified?: boolean } = {}): Promise<SignedUp> {
  const email = `${name}@example.org`
  const password = 'a long enough password'
  const remoteAddress = `192.0.2.${(name.length % 250) + 1}`
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: { email, password, displayName: name },
    remoteAddress,
  })
  if (reply.statusCode !== 202) throw new Error(`registering ${name} answered ${reply.statusCode}: ${reply.body}`)
  // Registration answers the same for a new and a taken address; the kit reads the id where it is stored,
  // so that no test depends on /v1/me but its own.
  const accountId =
    options.verified === false
      ? (await hub.database.db.selectFrom('hub.accounts').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirstOrThrow())
          .id
      : await markEmailVerified(hub.database.db, email)
  const signedIn = await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress })
  if (signedIn.statusCode !== 200) throw new Error(`signing ${name} in answered ${signedIn.statusCode}: ${signedIn.body}`)
  const { accessToken, refreshToken } = signedIn.json<{ accessToken: string; refreshToken: string }>()
  if (options.staff === true) await grantRole(hub.database.db, { accountId, role: 'staff' })
  return { accountId, accessToken, refreshToken }
}
