import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { notificationsFanOutJob } from '@kindred/notifications'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * After a post is written (a reply, a new thread): queues the community's notification fan-out. The post
     * is already queued for it in its own transaction, so a failure here delays the telling (to the
     * community's next post) and loses nothing; it is logged, and the post's answer stands.
     */
    announcePost: (community: { id: string }) => Promise<void>
  }
}

async function postNotices(app: FastifyInstance): Promise<void> {
  app.decorate('announcePost', async (community: { id: string }) => {
    try {
      await notificationsFanOutJob.enqueue(app.database.db, { communityId: community.id })
    } catch (error) {
      app.log.warn({ err: error, task: notificationsFanOutJob.name }, 'notification fan-out not queued; the next post queues it')
    }
  })
}

export default fp(postNotices, { name: 'kindred-post-notices', dependencies: ['kindred-database'] })
