// How any process of a data folder reaches its embedded server: the user and database are fixed, the
// password is generated once and kept in the folder, readable by its owner only.
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const embeddedUser = 'kindred'
export const embeddedDatabase = 'kindred'

const passwordFile = (dataDir: string): string => path.join(dataDir, 'postgres-password')

export function embeddedUrl(password: string, port: number, database = embeddedDatabase): string {
  return `postgres://${embeddedUser}:${password}@127.0.0.1:${port}/${database}`
}

/** The folder's password, or undefined before the server's first start. */
export async function readPassword(dataDir: string): Promise<string | undefined> {
  return (await readFile(passwordFile(dataDir), 'utf8').catch(() => undefined))?.trim()
}

export async function readOrCreatePassword(dataDir: string): Promise<string> {
  const existing = await readPassword(dataDir)
  if (existing !== undefined) return existing
  const password = randomBytes(24).toString('hex')
  await writeFile(passwordFile(dataDir), `${password}\n`, { mode: 0o600 })
  return password
}
