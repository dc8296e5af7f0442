// autocannon's setupClient for a rotation of requests (loaded by path in its worker thread, hence CommonJS).
// Every connection would start the rotation at its first request, so under load all of them would send
// the same member's request at once and queue on that member's rows (rate-limit window, thread lock) as
// no real traffic does. Each connection starts instead at its own place in the rotation. autocannon does
// not tell a client how many connections there are, so the places are spread by the golden ratio, which
// keeps any number of them apart (the k-th at the fractional part of k·φ along the rotation).
import type { Client, Request } from 'autocannon'

interface RotatingClient extends Client {
  opts: { requests?: Request[] }
}

const goldenRatio = (1 + Math.sqrt(5)) / 2
let connectionsSetUp = 0

module.exports = function staggerClient(client: RotatingClient): void {
  const requests = client.opts.requests ?? []
  if (requests.length < 2) return
  const place = (connectionsSetUp++ * goldenRatio) % 1
  const start = Math.floor(place * requests.length)
  client.setRequests([...requests.slice(start), ...requests.slice(0, start)])
}
