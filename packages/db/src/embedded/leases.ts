// Every Kindred process using the embedded server of a data folder holds a lease on it: a file named after
// its process id in `<dataDir>/leases`. The host that started the server stops it only once no live
// process holds one, so a command run beside `npm start` (or two commands at once) never pulls the
// database from under another process. A process that died without dropping its lease is not live, and
// its file is removed the next time the leases are counted.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isProcessRunning } from './postmaster.ts'

const folder = (dataDir: string): string => path.join(dataDir, 'leases')

/** Records that this process uses the embedded server of `dataDir`. */
export async function takeLease(dataDir: string): Promise<void> {
  await mkdir(folder(dataDir), { recursive: true })
  await writeFile(path.join(folder(dataDir), String(process.pid)), '')
}

/** Records that this process no longer uses the embedded server of `dataDir`. */
export async function dropLease(dataDir: string): Promise<void> {
  await rm(path.join(folder(dataDir), String(process.pid)), { force: true })
}

/** The ids of the live processes holding a lease; the leases of processes that died are removed. */
export async function liveLeases(dataDir: string): Promise<number[]> {
  const names = await readdir(folder(dataDir)).catch(() => [])
  const live: number[] = []
  for (const name of names) {
    const pid = Number(name)
    if (Number.isSafeInteger(pid) && pid > 0 && isProcessRunning(pid)) live.push(pid)
    else await rm(path.join(folder(dataDir), name), { force: true })
  }
  return live
}
