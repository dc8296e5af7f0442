import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, open, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { repositoryRoot } from './topology.ts'

/** A long-running process of the topology, started detached with its output in `logs/<name>.log`. */
export interface Service {
  name: string
  command: string
  args: string[]
  env: Record<string, string>
  /** What its command line contains, to tell it from another process that reused its pid. */
  program: string
  /** Patroni refuses to run as root, and PostgreSQL's files must belong to the user it runs as. */
  asPostgres?: boolean
}

const pidFile = (dir: string, name: string): string => path.join(dir, 'run', `${name}.pid`)
export const logFile = (dir: string, name: string): string => path.join(dir, 'logs', `${name}.log`)

/** Starts `service` in its own process group, so it outlives this script, and records its pid. */
export async function startService(dir: string, service: Service): Promise<number> {
  await mkdir(path.join(dir, 'run'), { recursive: true })
  await mkdir(path.join(dir, 'logs'), { recursive: true })
  const log = await open(logFile(dir, service.name), 'a', 0o600)
  const [command, args] = service.asPostgres
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', service.command, ...service.args]]
    : [service.command, service.args]
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: service.env, cwd: repositoryRoot })
    await once(child, 'spawn')
    child.unref()
    if (child.pid === undefined) throw new Error(`${service.name} did not start`)
    await writeFile(pidFile(dir, service.name), `${child.pid}\n${service.program}\n`)
    return child.pid
  } finally {
    await log.close()
  }
}

async function commandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

/** A service's recorded pid and program, if that process still runs the program (pids are reused). */
export async function runningPid(dir: string, name: string): Promise<{ pid: number; program: string } | undefined> {
  let text: string
  try {
    text = await readFile(pidFile(dir, name), 'utf8')
  } catch {
    return undefined
  }
  const [pidText = '', program = ''] = text.split('\n')
  const pid = Number(pidText)
  if (!Number.isInteger(pid) || pid <= 0 || program === '') return undefined
  return (await commandLine(pid)).includes(program) ? { pid, program } : undefined
}

/** The names of every service with a pid file, running or not. */
export async function recordedServices(dir: string): Promise<string[]> {
  try {
    return (await readdir(path.join(dir, 'run'))).filter((file) => file.endsWith('.pid')).map((file) => file.slice(0, -'.pid'.length))
  } catch {
    return []
  }
}

function signal(target: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(target, name)
    return true
  } catch {
    return false
  }
}

async function waitForExit(target: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!signal(target, 0)) return true
    await sleep(200)
  }
  return !signal(target, 0)
}

/**
 * Stops a service: SIGTERM to its process (Patroni then stops its PostgreSQL cleanly, a hub drains), and
 * after `timeoutMs` SIGKILL; then whatever is left of its process group (a postmaster whose Patroni was
 * killed) is stopped the same way. Its pid file goes once nothing is left.
 */
export async function stopService(dir: string, name: string, timeoutMs: number): Promise<boolean> {
  const running = await runningPid(dir, name)
  if (running !== undefined) {
    const { pid } = running
    signal(pid, 'SIGTERM')
    if (!(await waitForExit(pid, timeoutMs))) signal(pid, 'SIGKILL')
    await waitForExit(pid, 2000)
    if (signal(-pid, 0)) {
      signal(-pid, 'SIGTERM')
      if (!(await waitForExit(-pid, 5000))) signal(-pid, 'SIGKILL')
    }
  }
  await rm(pidFile(dir, name), { force: true })
  return running !== undefined
}
