// The server of a data folder, known by the process id in its postmaster.pid (line 1; line 4 is its port).
// Going by that file rather than by the child process we spawned, a server restarted by hand, or one that
// crashed and left the file behind, is seen for what it is.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

export interface Postmaster {
  pid: number
  port: number
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The running server of `pgdata`, or undefined when none runs (no postmaster.pid, or its process is gone). */
export async function runningPostmaster(pgdata: string): Promise<Postmaster | undefined> {
  const text = await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const lines = text?.split('\n') ?? []
  const pid = Number(lines[0])
  const port = Number(lines[3])
  const valid = Number.isSafeInteger(pid) && pid > 0 && Number.isSafeInteger(port) && port > 0
  return valid && isProcessRunning(pid) ? { pid, port } : undefined
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited < withinMs; waited += 50) {
    if (!isProcessRunning(pid)) return true
    await pause(50)
  }
  return !isProcessRunning(pid)
}

/**
 * Stops the server of `pgdata`, whatever started it: a fast shutdown (sessions ended, a checkpoint, no
 * recovery at the next start), then an immediate one if it has not finished within `graceMs`.
 */
export async function stopPostmaster(pgdata: string, graceMs = 60_000): Promise<void> {
  const postmaster = await runningPostmaster(pgdata)
  if (postmaster === undefined) return
  process.kill(postmaster.pid, 'SIGINT')
  if (await exited(postmaster.pid, graceMs)) return
  process.kill(postmaster.pid, 'SIGQUIT')
  await exited(postmaster.pid, 10_000)
}
