import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * After a direct message, a request to join, a decision on one or a report: queues the community's
     * notification fan-out as a post does (`announcePost`: gathered per community, never failing the
     * answer), which queues the mail of the notifications the database wrote in the change's own transaction.
     */
    announceNotice: (community: { id: string } | string) => Promise<void>
  }
}

async function notices(app: FastifyInstance): Promise<void> {
  app.decorate('announceNotice', async (community: { id: string } | string) => {
    const found = typeof community === 'string' ? await app.communities.find(community) : community
    if (found !== undefined) await app.announcePost(found)
  })
}

export default fp(notices, { name: 'kindred-notices', dependencies: ['kindred-post-notices'] })
