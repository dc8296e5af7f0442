import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { defaultPlacement } from '@kindred/config'
import { accountChangesChannel, type NotificationHandlers } from '@kindred/db'
import {
  createProfileCache,
  createSessionValidity,
  createWebSessionCache,
  type ProfileCache,
  type SessionValidity,
  type WebSessionCache,
} from '@kindred/identity'
import {
  createMemberAccounts,
  createMemberCache,
  createMembershipLinks,
  type MemberAccounts,
  type MemberCache,
  type MembershipLinks,
} from '@kindred/membership'
import { createCommunityCache, type CommunityCache } from './community-cache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** hub.communities by slug, cached until any community changes. */
    communities: CommunityCache
    /** Community members as their tenants hold them, cached until they change. */
    members: MemberCache
    /** Accounts' memberships as the hub links them, cached until they change. */
    membershipLinks: MembershipLinks
    /** The account of each member id, as the hub links them: a link never changes, so it is kept once read. */
    memberAccounts: MemberAccounts
    /** What `GET /v1/me` shows of an account, cached until it changes. */
    profiles: ProfileCache
    /** Which access tokens still stand; call `forget(accountId)` after ending an account's sessions. */
    sessionValidity: SessionValidity
    /** Browser sessions by cookie, kept for the cache's lifetime: whether one still stands is `sessionValidity`'s to say. */
    webSessions: WebSessionCache
  }
}

/** Entries kept at most per cache: some hundreds of bytes each, so each stays within tens of megabytes. */
const maxEntries = 100_000

// Reads a hub repeats on most requests, kept in memory and dropped by the NOTIFY of the row's trigger the
// moment it changes; one LISTEN connection per placement for members, one on the hub's database for the rest.
async function caches(app: FastifyInstance, options: { ttlMs: number }): Promise<void> {
  const { placements, database } = app
  const listenToHub = (handlers: NotificationHandlers) => placements.listen(defaultPlacement, accountChangesChannel, handlers)
  const members = createMemberCache({ placements, ttlMs: options.ttlMs, maxEntries })
  const hubCache = { hub: database.db, listen: listenToHub, ttlMs: options.ttlMs, maxEntries }
  const membershipLinks = createMembershipLinks(hubCache)
  const memberAccounts = createMemberAccounts({ hub: database.db, maxEntries, enabled: options.ttlMs > 0 })
  const profiles = createProfileCache(hubCache)
  const sessionValidity = createSessionValidity(hubCache)
  const communities = createCommunityCache(hubCache)
  app.decorate('communities', communities)
  app.decorate('members', members)
  app.decorate('membershipLinks', membershipLinks)
  app.decorate('memberAccounts', memberAccounts)
  app.decorate('profiles', profiles)
  app.decorate('sessionValidity', sessionValidity)
  app.decorate('webSessions', createWebSessionCache({ hub: database.db, ttlMs: options.ttlMs, maxEntries }))
  const all = [communities, members, membershipLinks, profiles, sessionValidity]
  app.addHook('onClose', () => Promise.all(all.map((cache) => cache.close())).then(() => undefined))
}

export default fp(caches, { name: 'kindred-caches', dependencies: ['kindred-database', 'kindred-placements'] })
