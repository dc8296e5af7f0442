import type { FastifyInstance, FastifyRequest } from 'fastify'
import { proposalNewsCounts } from '@kindred/incubator'
import type { Visitor } from './context.ts'

/** The cookie that holds a browser's session token: httpOnly, so no script of any page can read it. */
export const sessionCookie = 'kindred_session'

// One answer a request, whoever asks first: the staff console's hook, then the page it lets through.
const resolved = new WeakMap<FastifyRequest, Promise<Visitor | null>>()

/**
 * Who the browser's session cookie belongs to, or null: an unknown, expired or ended session, or one whose
 * account has since ended its sessions (password change, ban, erasure) or that was signed out, reads as
 * nobody signed in. Read once a request, however many ask.
 */
export function visitorOf(app: FastifyInstance, request: FastifyRequest): Promise<Visitor | null> {
  let visitor = resolved.get(request)
  if (visitor === undefined) {
    visitor = resolveVisitor(app, request)
    resolved.set(request, visitor)
  }
  return visitor
}

async function resolveVisitor(app: FastifyInstance, request: FastifyRequest): Promise<Visitor | null> {
  const token = request.cookies[sessionCookie]
  if (token === undefined || token === '') return null
  const session = await app.webSessions.find(token)
  if (session === undefined) return null
  const issuedAtSeconds = Math.floor(session.issuedAt.getTime() / 1000)
  if (!(await app.sessionValidity.isCurrent(session.accountId, issuedAtSeconds, [session.sessionId]))) return null
  const { account, memberships, language, emailVerified } = await app.profiles.find(session.accountId)
  const communities = memberships.filter(({ community }) => community.status !== 'provisioning').map(({ community }) => community)
  const [counted, proposalNews] = await Promise.all([
    Promise.all(
      communities.map(async ({ slug, name }) => ({ slug, name, ...(await app.unreadCounts.count(request, session.accountId, slug)) })),
    ),
    proposalNewsCounts(app.database.db, session.accountId),
  ])
  return {
    accountId: session.accountId,
    sessionId: session.sessionId,
    displayName: account.displayName,
    emailVerified,
    staff: account.roles.includes('staff'),
    language,
    communities: counted,
    proposalNews,
  }
}
