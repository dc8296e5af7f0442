import { grantRole, normaliseEmail } from '@kindred/identity'
import type { TestHub } from './hub.ts'

export interface SignedUp {
  accountId: string
  accessToken: string
  refreshToken: string
}

/**
 * Registers `<name>@example.org` through the real API (each name from an address of its own, so the
 * registration rate limit is not what a test meets), optionally as network staff.
 */
export async function signUp(hub: TestHub, name: string, options: { staff?: boolean } = {}): Promise<SignedUp> {
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: { email: `${name}@example.org`, password: 'a long enough password', displayName: name },
    remoteAddress: `192.0.2.${(name.length % 250) + 1}`,
  })
  if (reply.statusCode !== 201) throw new Error(`registering ${name} answered ${reply.statusCode}: ${reply.body}`)
  const { accessToken, refreshToken } = reply.json<{ accessToken: string; refreshToken: string }>()
  // Registration answers tokens only, as signing in does (a client reads its account from GET /v1/me); the
  // kit reads the id where it is stored, so that no test depends on /v1/me but its own.
  const email = normaliseEmail(`${name}@example.org`)
  const { id: accountId } = await hub.database.db
    .selectFrom('hub.accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  if (options.staff === true) await grantRole(hub.database.db, { accountId, role: 'staff' })
  return { accountId, accessToken, refreshToken }
}
