// `npm run cluster:up`: etcd, two Patroni-managed PostgreSQL 15 clusters of two synchronous nodes,
// haproxy, two hubs and a worker on loopback addresses, from Debian's packages (installed when missing);
// it returns once all of it serves. State stays in KINDRED_CLUSTER_DIR (default .kindred-cluster/).
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { haproxyServers, httpStatus, patroniMembers, servesSynchronously, waitFor } from './health.ts'
import { ensurePackages, ensurePortsFree, portsInEphemeralRange } from './prerequisites.ts'
import { logFile, recordedServices, runningPid, startService, type Service } from './processes.ts'
import { provisionCluster } from './provisioning.ts'
import { loadSecrets, type ClusterSecrets } from './secrets.ts'
import { etcdService, haproxyService, kindredEnvironment, kindredServices, patroniService } from './services.ts'
import { clusters, databases, etcdPorts, haproxyPorts, hubs, mailboxPorts, stateDir } from './topology.ts'

const say = (line: string): void => void process.stdout.write(`${line}\n`)
const dir = stateDir(process.env)
const started: Service[] = []

async function start(service: Service): Promise<void> {
  await startService(dir, service)
  started.push(service)
}

/** The end of a service's log: a test run deletes the folder afterwards, so the error must carry it. */
async function logTail(name: string, lines = 30): Promise<string> {
  const text = await readFile(logFile(dir, name), 'utf8').catch(() => '')
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

// A process that exited will never become ready: stop waiting and say why, from its log.
async function allAlive(): Promise<void> {
  for (const service of started) {
    if ((await runningPid(dir, service.name)) === undefined) {
      const where = path.relative(process.cwd(), logFile(dir, service.name))
      throw new Error(`${service.name} exited; the end of ${where}:\n${await logTail(service.name)}`)
    }
  }
}

async function upServers(proxy: string): Promise<number> {
  const servers = (await haproxyServers(haproxyPorts.stats)) ?? []
  return servers.filter((server) => server.proxy === proxy && server.status === 'UP').length
}

async function startDatabases(secrets: ClusterSecrets): Promise<void> {
  await start(await etcdService(dir))
  await waitFor('etcd', 30_000, async () => (await httpStatus(`http://127.0.0.1:${etcdPorts.client}/health`)) === 200, allAlive)
  for (const cluster of clusters) for (const node of cluster.nodes) await start(await patroniService(dir, cluster.name, node, secrets))
  for (const cluster of clusters) {
    await waitFor(
      `${cluster.name}: a primary and a synchronous standby`,
      180_000,
      async () => {
        const members = (await patroniMembers(cluster.nodes[0].restPort)) ?? (await patroniMembers(cluster.nodes[1].restPort))
        return members !== undefined && servesSynchronously(members)
      },
      allAlive,
    )
  }
  await start(await haproxyService(dir))
  for (const cluster of clusters) {
    await waitFor(`haproxy to route ${cluster.name} to its primary`, 30_000, async () => (await upServers(cluster.name)) === 1, allAlive)
  }
  await provisionCluster(clusters[0].port, [databases.hub, databases.communities], secrets)
  await provisionCluster(clusters[1].port, [databases.communities], secrets)
}

async function startKindred(secrets: ClusterSecrets): Promise<string> {
  const environment = kindredEnvironment(secrets)
  const envFile = path.join(dir, 'kindred.env')
  const lines = Object.entries(environment).map(([name, value]) => `${name}='${value}'`)
  await writeFile(envFile, `${lines.join('\n')}\n`, { mode: 0o600 })
  for (const service of kindredServices(dir, secrets)) await start(service)
  await waitFor('both hubs to answer /readyz through haproxy', 180_000, async () => (await upServers('hubs')) === hubs.length, allAlive)
  await waitFor(
    'the worker',
    60_000,
    async () => (await readFile(logFile(dir, 'worker'), 'utf8')).includes('Kindred worker is running'),
    allAlive,
  )
  const status = await httpStatus(`http://127.0.0.1:${haproxyPorts.http}/readyz`)
  if (status !== 200) throw new Error(`GET /readyz through haproxy answered ${status ?? 'nothing'}`)
  return envFile
}

function summary(seconds: number, envFile: string): string {
  const relative = (file: string): string => path.relative(process.cwd(), file) || '.'
  const clusterLines = clusters.map(
    (cluster) =>
      `  placement ${cluster.name}: 127.0.0.1:${cluster.port} (its primary); nodes ` +
      cluster.nodes.map((node) => `${node.name} :${node.pgPort} (Patroni http://127.0.0.1:${node.restPort})`).join(', '),
  )
  return [
    `Kindred's cluster is up in ${seconds.toFixed(1)} s (state in ${relative(dir)}/):`,
    `  Kindred through haproxy: http://127.0.0.1:${haproxyPorts.http} (hubs ${hubs.map((hub) => `:${hub.port}`).join(', ')}, and a worker)`,
    `  haproxy stats: http://127.0.0.1:${haproxyPorts.stats}/stats`,
    `  development mailbox: http://127.0.0.1:${mailboxPorts.web}`,
    ...clusterLines,
    `  etcd: http://127.0.0.1:${etcdPorts.client}`,
    `The CLI on this cluster: set -a; . ${relative(envFile)}; set +a; npm run kindred -- <command>`,
    'Stop it: npm run cluster:down (add -- --wipe to delete its data)',
  ].join('\n')
}

const began = performance.now()
try {
  for (const name of await recordedServices(dir)) {
    if ((await runningPid(dir, name)) !== undefined) throw new Error(`The cluster is already running (${name}): npm run cluster:status`)
  }
  await ensurePackages(say)
  await ensurePortsFree()
  const exposed = await portsInEphemeralRange()
  if (exposed.length > 0) {
    say(`Warning: ports ${exposed.join(', ')} lie in this machine's ephemeral port range (ip_local_port_range); a node may fail to start.`)
  }
  // The postgres user must reach its nodes' folders inside; secrets and configs stay closed to it.
  await mkdir(dir, { recursive: true })
  await chmod(dir, 0o755)
  await mkdir(path.join(dir, 'config'), { recursive: true, mode: 0o700 })
  say(`Starting etcd, 4 Patroni nodes, haproxy, 2 hubs and a worker (logs in ${path.join(dir, 'logs')})…`)
  const secrets = await loadSecrets(dir)
  await startDatabases(secrets)
  const envFile = await startKindred(secrets)
  say(summary((performance.now() - began) / 1000, envFile))
} catch (error) {
  process.stderr.write(`cluster:up failed: ${error instanceof Error ? error.message : String(error)}\n`)
  if (started.length > 0) process.stderr.write('What started is left running for a look at its logs; npm run cluster:down stops it.\n')
  process.exitCode = 1
}
