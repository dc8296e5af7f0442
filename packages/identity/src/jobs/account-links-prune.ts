import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, type JobDependencies } from '@kindred/job-definition'
import { pruneAccountLinks } from '../account-links.ts'

/**
 * `account_links__prune`: deletes the mailed links (address confirmations, password resets) that have
 * expired, hourly by cron. An expired link can neither be used nor checked, so this ends nothing; without it
 * `hub.account_links` keeps a row for every message sent. Safe on several workers at once.
 */
export const accountLinksPruneJob = defineJob({
  name: 'account_links__prune',
  payload: cronPayload,
  maxAttempts: 3,
  schedule: '50 * * * *',
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase> }) => {
    const pruned = await pruneAccountLinks(deps.db)
    if (pruned > 0) deps.logger.info({ pruned }, 'expired account links pruned')
  },
})
