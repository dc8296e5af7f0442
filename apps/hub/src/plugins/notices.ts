import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { notificationsFanOutJob } from '@kindred/notifications'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * After a direct message, a request to join, a decision on one or a report: queues the community's
     * notification fan-out, which queues the mail of the notifications the database wrote with it. The
     * notification is already written (and queued for its mail) in the change's own transaction, so a
     * failure here delays the mail to the community's next fan-out and loses nothing.
     */
    announceNotice: (community: { id: string } | string) => Promise<void>
  }
}

async function notices(app: FastifyInstance): Promise<void> {
  app.decorate('announceNotice', async (community: { id: string } | string) => {
    const found = typeof community === 'string' ? await app.communities.find(community) : community
    if (found === undefined) return
    await notificationsFanOutJob.enqueue(app.database.db, { communityId: found.id }).catch((error: unknown) => {
      app.log.warn({ err: error, task: notificationsFanOutJob.name }, 'notification fan-out not queued; the next one tells')
    })
  })
}

export default fp(notices, { name: 'kindred-notices', dependencies: ['kindred-database'] })
