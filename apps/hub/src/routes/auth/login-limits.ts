import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isKindredError } from '@kindred/errors'
import { normaliseEmail } from '@kindred/identity'
import { rateLimited } from '@kindred/errors'

/** Failures in a row from one address that cost no wait: a few typos are not an attack. */
const freeFailures = 3
/** The wait after the first failure beyond those; every further one doubles it, up to the limit's window. */
const firstWaitMs = 1000
/** How long an address the account signed in from stays familiar, out of reach of the account-wide ceiling. */
const familiarForMs = 30 * 24 * 60 * 60_000

const seconds = (ms: number): number => Math.ceil(ms / 1000)

/**
 * Runs `signIn` (a password check for `email`) under the limits on failed sign-ins (docs/decisions.md,
 * "Signing in"). Only failures count: per account and address, so an attacker locks out their own
 * address and not the owner; per account across addresses, a higher ceiling against guessing from many,
 * which addresses the account recently signed in from do not meet; and after a few failures in a row
 * from one address, a wait that doubles with each. The email is the key, known or not, so the limits
 * behave alike for accounts that do not exist.
 */
export function limitedSignIn(app: FastifyInstance) {
  const counter = app.rateLimitCounter
  const { loginFailuresPerAccountAddress: perAccountAddress, loginFailuresPerAccount: perAccount } = app.limits

  return async function signIn<T>(request: FastifyRequest, email: string, check: () => Promise<T>): Promise<T> {
    const account = normaliseEmail(email)
    const here = `loginFailuresPerAccountAddress:${account}:${request.ip}`
    const everywhere = `loginFailuresPerAccount:${account}`
    const backOff = `loginBackOff:${account}:${request.ip}`
    const familiar = `loginFamiliarAddress:${account}:${request.ip}`

    const [waiting, known] = await Promise.all([counter.read(backOff), counter.read(familiar)])
    if (waiting !== undefined) throw rateLimited(seconds(waiting.resetsInMs))
    // Counted as a failure before the password is checked, so that guesses sent at once cannot all slip
    // under a limit, and taken back when the attempt turns out not to be one.
    const counted = [{ key: here, limit: perAccountAddress }, ...(known === undefined ? [{ key: everywhere, limit: perAccount }] : [])]
    const hits = await Promise.all(counted.map(({ key, limit }) => counter.count(key, limit.windowMs)))
    const uncount = () => Promise.all(counted.map(({ key }) => counter.uncount(key)))
    const over = hits.filter((hit, index) => hit.hits > (counted[index]?.limit.max ?? 0))
    if (over.length > 0) {
      await uncount()
      throw rateLimited(seconds(Math.max(...over.map((hit) => hit.resetsInMs))))
    }

    const result = await check().catch(async (error: unknown) => {
      // Only a wrong password is a failure; a banned account's right one, or a database error, is not.
      if (!isKindredError(error) || error.code !== 'KINDRED_INVALID_CREDENTIALS') {
        await uncount()
        throw error
      }
      const inARow = hits[0]?.hits ?? 0
      if (inARow > freeFailures) {
        await counter.hold(backOff, Math.min(firstWaitMs * 2 ** (inARow - freeFailures - 1), perAccountAddress.windowMs))
      }
      throw error
    })
    // A success ends the run of failures from this address, and makes the address familiar.
    await Promise.all([
      counter.clear(here),
      known === undefined ? counter.uncount(everywhere) : undefined,
      counter.hold(familiar, familiarForMs),
    ])
    return result
  }
}
