// Operator commands on the embedded default share the data folder's one PostgreSQL with the service and
// with each other: whoever finds it running uses it, and the last process to finish stops it. What the
// three test files about it share.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'
import { freePort, spawnApp, type SpawnedProcess } from '@kindred/testkit'

export const hub = 'apps/hub/src/main.ts'
export const cli = 'apps/cli/src/main.ts'

export async function dataFolder(t: Test): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-operator-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const env = {
    KINDRED_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: '0',
    LOG_FORMAT: 'json',
  }
  return { dataDir, env }
}

export async function startHub(t: Test, env: Record<string, string>): Promise<{ process: SpawnedProcess; url: string }> {
  const process = spawnApp(t, hub, env)
  const line = await process.waitForLine(/Kindred is running at/)
  return { process, url: (JSON.parse(line) as { url: string }).url }
}

export async function finished(command: SpawnedProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const code = await command.exited
  return { code, stdout: command.stdout(), stderr: command.stderr() }
}

export const serverRunning = (dataDir: string): boolean => existsSync(path.join(dataDir, 'pgdata', 'postmaster.pid'))

// The server is gone once its postmaster.pid is: PostgreSQL removes it at the end of a clean shutdown.
export async function serverStopped(dataDir: string): Promise<boolean> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!serverRunning(dataDir)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
