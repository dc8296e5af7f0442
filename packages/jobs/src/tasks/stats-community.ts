import type { Task } from 'graphile-worker'
import { aggregateCommunity, parseCommunityJobPayload, type CommunityJobPayload } from '@kindred/statistics'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued by `stats__aggregate`, keyed and queued per community (see communityJobKey). */
      stats__community: CommunityJobPayload
    }
  }
}

/** `stats__community`: one community's days since its last complete day; idempotent, all or nothing. */
export function statsCommunityTask(deps: TaskDependencies): Task<'stats__community'> {
  return async (payload) => {
    const { communityId } = parseCommunityJobPayload(payload)
    const run = await aggregateCommunity(deps, communityId)
    deps.logger.debug({ communityId, days: run?.days ?? 0 }, 'community statistics written')
  }
}
