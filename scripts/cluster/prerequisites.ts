import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { access, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { etcdPorts, topologyPorts } from './topology.ts'

// Each program the topology runs, with the bookworm package that brings it.
const programs = [
  { file: '/usr/lib/postgresql/15/bin/postgres', pkg: 'postgresql-15' },
  { file: '/usr/bin/patroni', pkg: 'patroni' },
  { file: '/usr/bin/etcd', pkg: 'etcd-server' },
  { file: '/usr/sbin/haproxy', pkg: 'haproxy' },
]

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  )

async function run(command: string, args: string[]): Promise<void> {
  // apt's progress goes to stderr, so stdout keeps only the script's own lines.
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code ?? 'by signal'})`)
}

/** Installs the Debian packages whose programs are missing (as root), or says which command would. */
export async function ensurePackages(report: (line: string) => void): Promise<void> {
  const missing: string[] = []
  for (const program of programs) if (!(await exists(program.file))) missing.push(program.pkg)
  if (missing.length === 0) return
  const command = `apt-get install -y ${missing.join(' ')}`
  if (process.getuid?.() !== 0) throw new Error(`Missing Debian packages: run \`${command}\` as root first`)
  report(`Installing ${missing.join(', ')} from Debian's packages…`)
  await run('apt-get', ['update'])
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing])
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** @throws Error listing every port of the topology something else already listens on, and what should be there. */
export async function ensurePortsFree(): Promise<void> {
  const taken: { port: number; owner: string }[] = []
  for (const entry of topologyPorts()) if (!(await isFree(entry.port))) taken.push(entry)
  if (taken.length === 0) return
  const listed = taken.map(({ port, owner }) => `127.0.0.1:${port} (for ${owner})`).join(', ')
  // Installing etcd-server on a machine with systemd starts the system's etcd on etcd's usual port.
  const etcdHint = taken.some(({ port }) => port === etcdPorts.client) ? ' A system etcd: `systemctl disable --now etcd`.' : ''
  throw new Error(
    `Ports in use: ${listed}. Stop what listens there (\`ss -ltnp\` names it), or run \`npm run cluster:down\` if an ` +
      `earlier run is left.${etcdHint}`,
  )
}

/**
 * The topology's ports inside this machine's ephemeral range, where an outgoing connection may hold one
 * at any moment and a node then fails to start (see topology.ts); none on Linux's default range.
 */
export async function portsInEphemeralRange(): Promise<number[]> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '')
  const [low, high] = text.trim().split(/\s+/).map(Number)
  if (low === undefined || high === undefined || Number.isNaN(low) || Number.isNaN(high)) return []
  return topologyPorts()
    .map(({ port }) => port)
    .filter((port) => port >= low && port <= high)
}
