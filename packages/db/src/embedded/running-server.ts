import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { embeddedUrl, readPassword } from './credentials.ts'

// postmaster.pid, written by the server while it runs: line 1 is its process id, line 4 its port.
async function readPostmaster(pgdata: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const lines = text?.split('\n') ?? []
  const pid = Number(lines[0])
  const port = Number(lines[3])
  return Number.isSafeInteger(pid) && pid > 0 && Number.isSafeInteger(port) && port > 0 ? { pid, port } : undefined
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * The URL of the embedded server already running on `dataDir`, found from its postmaster.pid and the
 * password kept beside it; undefined when none runs or it does not answer.
 */
export async function findRunningServer(dataDir: string): Promise<string | undefined> {
  const postmaster = await readPostmaster(path.join(dataDir, 'pgdata'))
  const password = await readPassword(dataDir)
  if (postmaster === undefined || password === undefined) return undefined
  const url = embeddedUrl(password, postmaster.port)
  return (await answers(url)) ? url : undefined
}
