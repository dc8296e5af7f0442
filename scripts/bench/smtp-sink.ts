// A real SMTP server in a process of its own, as a mail server is on another machine: the benchmark's
// process (hub and worker) does not pay for receiving. It keeps nothing but when each message arrived, and
// answers its parent's questions over IPC: { port } once listening, then { arrivals } when asked.
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { SMTPServer } from 'smtp-server'

const arrivals: number[] = []
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined)
    stream.on('end', () => {
      arrivals.push(performance.timeOrigin + performance.now())
      callback()
    })
  },
})
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.server.address() as AddressInfo).port }))
process.on('message', (message) => {
  if (message === 'arrivals') process.send?.({ arrivals })
  if (message === 'stop') server.close(() => process.exit(0))
})
