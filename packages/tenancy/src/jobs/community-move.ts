import { Type } from 'typebox'
import { defineJob, uuidSchema } from '@kindred/job-definition'
import { slugPattern } from '@kindred/incubator'
import type { TenancyDependencies } from '../provisioning/dependencies.ts'
import { moveCommunity } from '../moving/move-community.ts'

/**
 * `community__move`: moves a community to the placement staff chose (`requestMove`), one job per
 * community (the key) and one move at a time across the network (the queue): a move copies a whole
 * schema, and two at once would share the servers' I/O with the members. A failed attempt is undone by
 * the next (moveCommunity clears what a move left behind before it starts).
 *
 * @example await communityMoveJob.enqueue(trx, { slug: 'fop', placement: 'eu-2', actorId: staffId })
 */
export const communityMoveJob = defineJob({
  name: 'community__move',
  payload: Type.Object(
    {
      slug: Type.String({ pattern: slugPattern, title: 'community slug', description: 'a community slug' }),
      placement: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', title: 'placement name', description: 'a placement name' }),
      actorId: Type.Union([uuidSchema, Type.Null()]),
    },
    { additionalProperties: false },
  ),
  key: ({ slug }) => `community__move:${slug}`,
  queue: () => 'community__move',
  maxAttempts: 5,
  run: async (deps: TenancyDependencies, { slug, placement, actorId }) => {
    await moveCommunity(deps, slug, placement, { actorId })
  },
})
