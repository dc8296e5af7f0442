// `npm run cluster:down [-- --wipe]`: stops every process `cluster:up` started, Kindred first and etcd
// last; `--wipe` then deletes the state folder (data, passwords and logs).
import { readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { nodeDir } from './services.ts'
import { recordedServices, runningPid, stopService } from './processes.ts'
import { clusters, stateDir } from './topology.ts'

const say = (line: string): void => void process.stdout.write(`${line}\n`)
const { values } = parseArgs({ options: { wipe: { type: 'boolean', default: false } } })
const dir = stateDir(process.env)

// Hubs drain and the worker finishes its jobs while the databases are still there; Patroni nodes stop
// before etcd, which holds their leader keys.
const stages: { programs: string[]; timeoutMs: number }[] = [
  { programs: ['apps/hub/src/main.ts', 'apps/worker/src/main.ts'], timeoutMs: 20_000 },
  { programs: ['haproxy'], timeoutMs: 5_000 },
  { programs: ['patroni'], timeoutMs: 30_000 },
  { programs: ['/usr/bin/etcd'], timeoutMs: 10_000 },
]

async function stopAll(): Promise<void> {
  const names = await recordedServices(dir)
  const running = new Map<string, string>()
  for (const name of names) {
    const found = await runningPid(dir, name)
    if (found !== undefined) running.set(name, found.program)
  }
  for (const stage of stages) {
    const inStage = [...running].filter(([, program]) => stage.programs.includes(program)).map(([name]) => name)
    await Promise.all(inStage.map((name) => stopService(dir, name, stage.timeoutMs)))
    if (inStage.length > 0) say(`Stopped ${inStage.join(', ')}`)
  }
  // Pid files of processes that were already gone.
  await Promise.all(names.filter((name) => !running.has(name)).map((name) => stopService(dir, name, 0)))
}

// A postmaster outlives a Patroni that was killed: stop any still running on a node's data folder.
async function stopOrphanPostmasters(): Promise<void> {
  for (const node of clusters.flatMap((cluster) => cluster.nodes)) {
    const dataDir = path.join(nodeDir(dir, node), 'data')
    let pid: number
    try {
      pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
      const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8')
      if (!commandLine.includes('postgres')) continue
    } catch {
      continue
    }
    process.kill(pid, 'SIGINT')
    say(`Stopped the postmaster left on ${node.name}`)
  }
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  )

await stopAll()
await stopOrphanPostmasters()
if (values.wipe) {
  // Only a folder cluster:up made, recognised by its secrets, is deleted.
  if (await exists(path.join(dir, 'secrets.json'))) {
    await rm(dir, { recursive: true, force: true })
    say(`Deleted ${dir}`)
  } else if (await exists(dir)) {
    say(`Left ${dir}: it holds no secrets.json, so cluster:up did not make it`)
  }
} else {
  say(`Data left in ${dir} (npm run cluster:down -- --wipe deletes it)`)
}
