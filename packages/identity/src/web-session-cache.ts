import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { findWebSession, type WebSession } from './web-sessions.ts'

/** Browser sessions by their cookie's token, read once and then served from memory. */
export interface WebSessionCache {
  /** The unexpired session of a cookie's token, or undefined (as `findWebSession`). */
  find(token: string): Promise<WebSession | undefined>
}

export interface WebSessionCacheOptions {
  hub: Kysely<HubDatabase>
  /** How long a session is served from memory before it is read again; 0 reads it on every request. */
  ttlMs: number
  /** Sessions kept at most; the oldest go first. */
  maxEntries: number
}

interface Entry {
  session: WebSession
  keptUntil: number
}

// Kept under a digest of the token, so the memory of a hub holds nothing a browser could present.
const keyOf = (token: string): string => createHash('sha256').update(token).digest('base64url')

/**
 * A page reads its session on every request, and a session's row never changes while it lives: what ends it
 * early (signing out, a password change, a ban, an erasure) reaches every hub through the session validity
 * cache, which the site checks on every request with the session's id and start. Expiry is checked here.
 *
 * @example const sessions = createWebSessionCache({ hub, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createWebSessionCache(options: WebSessionCacheOptions): WebSessionCache {
  const kept = new Map<string, Entry>()

  function keep(key: string, session: WebSession, now: number): void {
    kept.set(key, { session, keptUntil: now + options.ttlMs })
    const oldest = kept.size > options.maxEntries ? kept.keys().next().value : undefined
    if (oldest !== undefined) kept.delete(oldest)
  }

  return {
    async find(token) {
      const key = keyOf(token)
      const now = Date.now()
      const entry = kept.get(key)
      if (entry !== undefined && entry.keptUntil > now && entry.session.expiresAt.getTime() > now) return entry.session
      kept.delete(key)
      const session = await findWebSession(options.hub, token)
      if (session !== undefined && options.ttlMs > 0) keep(key, session, now)
      return session
    },
  }
}
