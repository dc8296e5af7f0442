import path from 'node:path'
import pg from 'pg'
import { embeddedUrl, readPassword } from './credentials.ts'
import { runningPostmaster } from './postmaster.ts'

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
  const postmaster = await runningPostmaster(path.join(dataDir, 'pgdata'))
  const password = await readPassword(dataDir)
  if (postmaster === undefined || password === undefined) return undefined
  const url = embeddedUrl(password, postmaster.port)
  return (await answers(url)) ? url : undefined
}
