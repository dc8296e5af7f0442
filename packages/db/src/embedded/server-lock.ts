import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import lockfile from 'proper-lockfile'

// Starting a server (initdb on the first run can take several seconds) happens under the lock, and the
// lock is refreshed while it is held, so waiters give up only after this long.
const waitLimitMs = 120_000

/**
 * Runs `work` while holding the data folder's server lock: deciding whether to start, join or stop the
 * embedded server is one step for every process of the folder. A lock left by a process that died is
 * taken over once stale (10 s without a refresh).
 */
export async function withServerLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dataDir, { recursive: true })
  const release = await lockfile.lock(dataDir, {
    lockfilePath: path.join(dataDir, 'server.lock'),
    retries: { retries: Math.ceil(waitLimitMs / 250), minTimeout: 50, maxTimeout: 250, factor: 1.5 },
    onCompromised: () => undefined,
  })
  try {
    return await work()
  } finally {
    await release().catch(() => undefined)
  }
}
