import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** The passwords and master key of one local topology, generated on its first start and kept beside its data. */
export interface ClusterSecrets {
  superuserPassword: string
  replicationPassword: string
  rewindPassword: string
  kindredPassword: string
  masterKey: string
}

const password = (): string => randomBytes(18).toString('hex')

function generate(): ClusterSecrets {
  return {
    superuserPassword: password(),
    replicationPassword: password(),
    rewindPassword: password(),
    kindredPassword: password(),
    masterKey: randomBytes(32).toString('base64'),
  }
}

/** The topology's secrets from `<dir>/secrets.json` (mode 0600), created there on the first run. */
export async function loadSecrets(dir: string): Promise<ClusterSecrets> {
  const file = path.join(dir, 'secrets.json')
  try {
    // Written before any server is initialised with them: a later run must find the same ones.
    await writeFile(file, `${JSON.stringify(generate(), undefined, 2)}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return JSON.parse(await readFile(file, 'utf8')) as ClusterSecrets
}
