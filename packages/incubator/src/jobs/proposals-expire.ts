import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, type JobDependencies } from '@kindred/job-definition'
import { expireOverdueProposals } from '../expiry.ts'
import { remindExpiringProposals } from '../expiry-reminders.ts'

/**
 * `proposals__expire`: expires the proposals whose support window closed, and reminds the founders of those
 * whose window closes within days (remindExpiringProposals); hourly by cron, and safe to run on several
 * workers at once. A failing run is retried a few times; the next hour's run catches up anyway.
 */
export const proposalsExpireJob = defineJob({
  name: 'proposals__expire',
  payload: cronPayload,
  maxAttempts: 3,
  schedule: '0 * * * *',
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase> }) => {
    const expired = await expireOverdueProposals(deps.db)
    if (expired.length > 0) deps.logger.info({ expired: expired.length }, 'overdue proposals expired')
    const reminded = await remindExpiringProposals(deps.db)
    if (reminded > 0) deps.logger.info({ reminded }, 'founders reminded of proposals about to expire')
  },
})
