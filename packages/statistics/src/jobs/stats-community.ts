import { Type } from 'typebox'
import { defineJob } from '@kindred/job-definition'
import { aggregateCommunity } from '../community-run.ts'
import type { StatisticsDependencies } from '../dependencies.ts'

/**
 * `stats__community`: one community's days since its last complete day; idempotent, all or nothing. Queued
 * by `stats__aggregate`, one per live community, with job key and queue `stats:<id>`: the key keeps one
 * waiting job per community, the queue makes a job wait while another for the same community runs (a key
 * alone would not: a running job's key is taken away and a second job created).
 *
 * @example await statsCommunityJob.enqueueAll(trx, [{ communityId: '42' }, { communityId: '43' }])
 */
export const statsCommunityJob = defineJob({
  name: 'stats__community',
  payload: Type.Object(
    { communityId: Type.String({ pattern: '^[1-9][0-9]{0,18}$', title: 'id', description: 'a community id' }) },
    { additionalProperties: false },
  ),
  key: ({ communityId }) => `stats:${communityId}`,
  queue: ({ communityId }) => `stats:${communityId}`,
  // A community job failing three times in a row waits for the next hourly run, which queues it afresh.
  maxAttempts: 3,
  run: async (deps: StatisticsDependencies, { communityId }) => {
    const run = await aggregateCommunity(deps, communityId)
    deps.logger.debug({ communityId, days: run?.days ?? 0 }, 'community statistics written')
  },
})
