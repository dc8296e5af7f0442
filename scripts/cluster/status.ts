// `npm run cluster:status`: what `cluster:up` started and whether it still runs, each Patroni cluster's
// members as Patroni sees them, and haproxy's view of its servers.
import { haproxyServers, httpStatus, patroniMembers } from './health.ts'
import { recordedServices, runningPid } from './processes.ts'
import { clusters, haproxyPorts, stateDir } from './topology.ts'

const say = (line: string): void => void process.stdout.write(`${line}\n`)
const dir = stateDir(process.env)

const names = await recordedServices(dir)
if (names.length === 0) say(`Nothing started from ${dir}`)
for (const name of names) {
  const running = await runningPid(dir, name)
  say(`${name.padEnd(8)} ${running === undefined ? 'not running' : `running (pid ${running.pid})`}`)
}
for (const cluster of clusters) {
  let members
  for (const node of cluster.nodes) members ??= await patroniMembers(node.restPort)
  const described = members?.map((member) => `${member.name} ${member.role} ${member.state} (lag ${member.lag ?? 0})`).join(', ')
  say(`${cluster.name}: ${described ?? 'no Patroni node answers'}`)
}
const servers = await haproxyServers(haproxyPorts.stats)
say(`haproxy: ${servers?.map((server) => `${server.proxy}/${server.server} ${server.status}`).join(', ') ?? 'not answering'}`)
const ready = await httpStatus(`http://127.0.0.1:${haproxyPorts.http}/readyz`)
say(`GET /readyz through haproxy: ${ready ?? 'no answer'}`)
