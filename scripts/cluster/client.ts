// Talks to the topology's hubs over real HTTP, as clients do: through haproxy, or straight to one hub with
// a client address of its own in X-Forwarded-For (the hubs believe it from 127.0.0.1, haproxy replaces it),
// so that accounts made for a test do not share one address's registration and sign-in limits.
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { markEmailVerified } from '@kindred/testkit'
import { haproxyPorts, hubs } from './topology.ts'

export interface Endpoint {
  url: string
  address?: string
}

export const throughHaproxy: Endpoint = { url: `http://127.0.0.1:${haproxyPorts.http}` }

/** One hub of the topology (0 or 1), reached directly, the request claiming to come from `address`. */
export function hub(index: 0 | 1, address: string): Endpoint {
  const port = hubs[index]?.port
  if (port === undefined) throw new Error(`the topology has no hub ${index}`)
  return { url: `http://127.0.0.1:${port}`, address }
}

export interface Answer<T> {
  status: number
  /** The JSON answer; undefined for an empty one or one that is not JSON (haproxy's own 503 page). */
  body: T | undefined
}

export async function call<T>(
  endpoint: Endpoint,
  method: string,
  path: string,
  options: { token?: string; body?: object } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {}
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`
  if (endpoint.address !== undefined) headers['x-forwarded-for'] = endpoint.address
  const response = await fetch(`${endpoint.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(30_000),
  })
  const text = await response.text()
  let body: T | undefined
  try {
    body = text === '' ? undefined : (JSON.parse(text) as T)
  } catch {
    body = undefined
  }
  return { status: response.status, body }
}

/** The body of an answer that must have `status`. @throws Error naming the request and what came back */
export async function expectStatus<T>(status: number, what: string, answer: Promise<Answer<T>>): Promise<T> {
  const { status: got, body } = await answer
  if (got !== status) throw new Error(`${what} answered ${got} (expected ${status}): ${JSON.stringify(body)}`)
  return body as T
}

export interface Account {
  email: string
  password: string
  accessToken: string
  refreshToken: string
}

/**
 * Registers `<name>@example.org` through `registerVia`, confirms the address behind the API's back (the
 * link has tests of its own) and signs in through `signInVia`.
 */
export async function registerAccount(db: Kysely<HubDatabase>, name: string, registerVia: Endpoint, signInVia: Endpoint): Promise<Account> {
  const email = `${name}@example.org`
  const password = 'a long enough password'
  await expectStatus(
    202,
    `registering ${name}`,
    call(registerVia, 'POST', '/v1/auth/register', { body: { email, password, displayName: name } }),
  )
  await markEmailVerified(db, email)
  const tokens = await expectStatus<{ accessToken: string; refreshToken: string }>(
    200,
    `signing ${name} in`,
    call(signInVia, 'POST', '/v1/auth/login', { body: { email, password } }),
  )
  return { email, password, ...tokens }
}

/** Joins a community (charter 1) through haproxy; the new member's id. */
export async function join(account: Account, slug: string, pseudonym: string): Promise<string> {
  const joined = await expectStatus<{ member: { memberId: string } }>(
    201,
    `joining ${slug}`,
    call(throughHaproxy, 'POST', `/v1/communities/${slug}/join`, {
      token: account.accessToken,
      body: { pseudonym, acceptCharterVersion: 1 },
    }),
  )
  return joined.member.memberId
}

/** A community token for `slug`, switched to through `via`. */
export async function switchTo(account: Account, slug: string, via: Endpoint): Promise<string> {
  const switched = await expectStatus<{ accessToken: string }>(
    200,
    `switching to ${slug}`,
    call(via, 'POST', '/v1/auth/switch', { token: account.accessToken, body: { community: slug } }),
  )
  return switched.accessToken
}
