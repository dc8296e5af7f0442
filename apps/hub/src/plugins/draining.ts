import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// When shutdown begins, Node closes the connections that are idle at that moment, but a keep-alive
// connection busy with a request stays open after its answer until the client's keep-alive runs out.
// Answering `Connection: close` from then on lets every client (and load balancer) go promptly, so
// the process can exit as soon as the requests in flight are done.
async function draining(app: FastifyInstance): Promise<void> {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close')
  })
}

export default fp(draining, { name: 'kindred-draining' })
