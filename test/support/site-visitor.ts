import type { LightMyRequestResponse } from 'fastify'
import { accountIdByEmail, grantRole, sessionLifetimeSeconds, startWebSession } from '@kindred/identity'
import { markEmailVerified } from './accounts.ts'
import type { TestHub } from './hub.ts'

/** A form's fields; a list is sent as a browser sends ticked checkboxes: the name once per value. */
export type FormFields = Record<string, string | readonly string[]>

export interface SiteVisitor {
  /** The cookies the browser holds now, by name. */
  jar: Map<string, string>
  get(url: string): Promise<LightMyRequestResponse>
  /** Sends a form as a browser does (urlencoded); the CSRF token is the caller's to include. */
  post(url: string, form: FormFields): Promise<LightMyRequestResponse>
  /** Opens `url`, then sends its form with the page's own CSRF token: what a person does. */
  submit(url: string, form: FormFields, action?: string): Promise<LightMyRequestResponse>
}

/**
 * A browser as the server sees it, for tests that do not need a real one: cookies kept from one answer to
 * the next (dropped when cleared or expired), pages asked for as HTML, forms sent urlencoded.
 */
export function siteVisitor(hub: TestHub, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1'): SiteVisitor {
  const jar = new Map<string, string>()
  const keep = (reply: LightMyRequestResponse) => {
    for (const cookie of reply.cookies) {
      if (cookie.value === '' || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now())) jar.delete(cookie.name)
      else jar.set(cookie.name, cookie.value)
    }
    return reply
  }
  // Sent back as a browser does: encoded as the Set-Cookie header had it.
  const cookie = () => [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
  const get = async (url: string) =>
    keep(await hub.app.inject({ method: 'GET', url, remoteAddress, headers: { accept: 'text/html', cookie: cookie(), ...headers } }))
  const post = async (url: string, form: FormFields) =>
    keep(
      await hub.app.inject({
        method: 'POST',
        url,
        remoteAddress,
        headers: { accept: 'text/html', cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(
          Object.entries(form).flatMap(([name, value]) => (typeof value === 'string' ? [value] : value).map((one) => [name, one])),
        ).toString(),
      }),
    )
  return {
    jar,
    get,
    post,
    submit: async (url, form, action = url.split('?')[0] ?? url) => post(action, { _csrf: csrfOf(await get(url)), ...form }),
  }
}

/** The CSRF token a page's forms carry. */
export const csrfOf = (page: LightMyRequestResponse): string => /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''

/**
 * Signs `name` up through the site's own form, from an address of its own (so the registration limit is not
 * what a test meets), confirms the address behind the site's back (the link has tests of its own) and
 * signs in through the site's form. `verified: false` leaves the address unconfirmed.
 */
export async function siteSignUp(hub: TestHub, name: string, options: { verified?: boolean } = {}): Promise<SiteVisitor> {
  const visitor = siteVisitor(
    hub,
    {},
    `198.51.100.${(Array.from(name, (character) => character.charCodeAt(0)).reduce((sum, code) => sum + code, 0) % 250) + 1}`,
  )
  const email = `${name}@example.org`
  const password = 'a long enough password'
  const reply = await visitor.submit('/sign-up', { displayName: name, email, password })
  if (reply.statusCode !== 303 || locationOf(reply) !== '/sign-up/check-inbox')
    throw new Error(`signing ${name} up answered ${reply.statusCode}`)
  if (options.verified !== false) await markEmailVerified(hub.database.db, email)
  const signedIn = await visitor.submit('/sign-in', { email, password })
  if (signedIn.statusCode !== 303) throw new Error(`signing ${name} in answered ${signedIn.statusCode}`)
  return visitor
}

/** `name` signed up through the site and made network staff: the staff console is theirs. */
export async function siteStaff(hub: TestHub, name: string): Promise<SiteVisitor> {
  const visitor = await siteSignUp(hub, name)
  const accountId = await accountIdByEmail(hub.database.db, `${name}@example.org`)
  await grantRole(hub.database.db, { accountId, role: 'staff' })
  return visitor
}

/** Where an answer sends the visitor (its Location header), as text. */
export const locationOf = (reply: { headers: Record<string, unknown> }): string => String(reply.headers.location)

/** `visitor` takes part in the community `slug` as `pseudonym`, accepting its charter; throws if refused. */
export async function joinOnSite(visitor: SiteVisitor, pseudonym: string, slug = 'fop'): Promise<SiteVisitor> {
  const reply = await visitor.submit(`/c/${slug}/join`, { pseudonym, accept: 'yes', charterVersion: '1' })
  if (reply.statusCode !== 303) throw new Error(`${pseudonym} joining ${slug} answered ${reply.statusCode}`)
  return visitor
}

/** `name` signed up through the site, then a member of each community in `slugs` as "`name` here". */
export async function siteMember(hub: TestHub, name: string, slugs: string | readonly string[] = 'fop'): Promise<SiteVisitor> {
  const visitor = await siteSignUp(hub, name)
  for (const slug of typeof slugs === 'string' ? [slugs] : slugs) await joinOnSite(visitor, `${name} here`, slug)
  return visitor
}

/**
 * A founding account of `slug` (its owner or a volunteer moderator, who have no password) signed in with a
 * new web session, once it has taken its place as `pseudonym`; the session token is in `visitor.jar`.
 */
export async function foundingVisitor(hub: TestHub, accountId: string, pseudonym: string, slug = 'fop'): Promise<SiteVisitor> {
  const session = await startWebSession(hub.database.db, accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('no session')
  const visitor = siteVisitor(hub)
  visitor.jar.set('kindred_session', session.token)
  return joinOnSite(visitor, pseudonym, slug)
}

/** Starts a thread in `slug`'s first category through the site's form; the new thread's id. */
export async function startThreadOnSite(visitor: SiteVisitor, title: string, body: string, slug = 'fop'): Promise<string> {
  const form = await visitor.get(`/c/${slug}/new`)
  const category = /<option value="(\d+)"/.exec(form.body)?.[1] ?? ''
  const reply = await visitor.post(`/c/${slug}/new`, { _csrf: csrfOf(form), category, title, body, intent: 'post' })
  const threadId = /\/t\/(\d+)$/.exec(locationOf(reply))?.[1]
  if (reply.statusCode !== 303 || threadId === undefined) throw new Error(`starting a thread answered ${reply.statusCode}`)
  return threadId
}
