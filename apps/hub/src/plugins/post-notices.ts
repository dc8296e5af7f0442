import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { notificationsFanOutJob } from '@kindred/notifications'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * After a post is written (a reply, a new thread): queues the community's notification fan-out within
     * `NOTIFICATION_FAN_OUT_DELAY_MS`, once for every post the community received meanwhile (with 0, at
     * once, before the answer). The post is already queued for the fan-out in its own transaction, so a
     * failure or a crash before the job is queued delays the telling (to the community's next post) and
     * loses nothing.
     */
    announcePost: (community: { id: string }) => Promise<void>
  }
}

export interface PostNoticesOptions {
  /** How long a community's new posts are gathered before their fan-out is queued (`NOTIFICATION_FAN_OUT_DELAY_MS`). */
  delayMs: number
}

async function postNotices(app: FastifyInstance, { delayMs }: PostNoticesOptions): Promise<void> {
  // Communities with a fan-out about to be queued, and its timer. A post committed before the job
  // statement is sent is covered by it: the timer is dropped from here just before the statement goes.
  const due = new Map<string, NodeJS.Timeout>()
  const sending = new Set<Promise<void>>()

  const queue = (communityId: string): Promise<void> => {
    due.delete(communityId)
    const sent = notificationsFanOutJob.enqueue(app.database.db, { communityId }).catch((error: unknown) => {
      app.log.warn({ err: error, task: notificationsFanOutJob.name }, 'notification fan-out not queued; the next post queues it')
    })
    sending.add(sent)
    void sent.finally(() => sending.delete(sent))
    return sent
  }

  app.decorate('announcePost', async (community: { id: string }) => {
    if (delayMs === 0) return queue(community.id)
    if (due.has(community.id)) return
    due.set(
      community.id,
      setTimeout(() => void queue(community.id), delayMs),
    )
  })

  // Closing queues at once what was waiting, before the database plugin closes its pool.
  app.addHook('onClose', async () => {
    for (const [communityId, timer] of due) {
      clearTimeout(timer)
      void queue(communityId)
    }
    await Promise.all(sending)
  })
}

export default fp(postNotices, { name: 'kindred-post-notices', dependencies: ['kindred-database'] })
