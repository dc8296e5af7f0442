import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, type JobDependencies } from '@kindred/job-definition'
import { pruneWebSessions } from '../web-sessions.ts'

/**
 * `web_sessions__prune`: deletes the browser sessions that have expired, hourly by cron. An expired session
 * is never read again, so this ends nothing; without it `hub.web_sessions` keeps a row for every sign-in.
 * Safe on several workers at once.
 */
export const webSessionsPruneJob = defineJob({
  name: 'web_sessions__prune',
  payload: cronPayload,
  maxAttempts: 3,
  schedule: '40 * * * *',
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase> }) => {
    const pruned = await pruneWebSessions(deps.db)
    if (pruned > 0) deps.logger.info({ pruned }, 'expired browser sessions pruned')
  },
})
