import { setTimeout } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { sessionLifetimeSeconds, startWebSession } from '@kindred/identity'

/** What a browser asks for: a page, compressed with brotli if the server can. */
export const browserHeaders = { accept: 'text/html', 'accept-encoding': 'br, gzip' }

// The CSRF cookie the first page sets for a session: none when the page went to nobody signed in, as
// pages to accounts made a moment before, on a hub just started, were seen to.
async function csrfCookie(hubUrl: string, session: string): Promise<string | undefined> {
  const first = await fetch(`${hubUrl}/`, { headers: { ...browserHeaders, cookie: session } })
  await first.arrayBuffer()
  return first.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('_csrf='))
    ?.split(';')[0]
}

/**
 * The cookies a browser signed in as `accountId` sends: its web session, then the CSRF secret the first
 * page it opens (`/` on `hubUrl`) sets.
 */
export async function signedInCookie(db: Kysely<HubDatabase>, hubUrl: string, accountId: string): Promise<string> {
  const granted = await startWebSession(db, accountId, sessionLifetimeSeconds)
  if (granted === undefined) throw new Error('no web session for a bench account')
  const session = `kindred_session=${granted.token}`
  for (let attempt = 1; attempt <= 10; attempt++) {
    const csrf = await csrfCookie(hubUrl, session)
    if (csrf !== undefined) return `${session}; ${csrf}`
    await setTimeout(200)
  }
  throw new Error('the first page set no CSRF cookie for a signed-in bench account')
}
