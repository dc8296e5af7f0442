// autocannon's setupClient for a rotation of requests (loaded by path in its worker thread, hence CommonJS).
// Every connection would start the rotation at its first request, so under load all of them would send
// the same member's request at once and queue on that member's rows (rate-limit window, thread lock) as
// no real traffic does. Each connection starts instead at its own share of the rotation.
import type { Client, Request } from 'autocannon'

interface RotatingClient extends Client {
  opts: { requests?: Request[]; connections?: number }
}

let connectionsSetUp = 0

module.exports = function staggerClient(client: RotatingClient): void {
  const requests = client.opts.requests ?? []
  const connections = client.opts.connections ?? 1
  if (requests.length < 2) return
  const start = (connectionsSetUp++ * Math.max(1, Math.floor(requests.length / connections))) % requests.length
  client.setRequests([...requests.slice(start), ...requests.slice(0, start)])
}
