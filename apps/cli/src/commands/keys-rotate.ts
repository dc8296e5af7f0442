import { openDatabase, resolveMasterKey } from '@kindred/runtime'
import { rotateSigningKey } from '@kindred/tokens'
import type { Command } from '../command.ts'

export const keysRotate: Command = {
  summary: 'Add a new token signing key; the previous one stays published until its tokens expire',
  usage: 'keys:rotate',
  async run(context) {
    const masterKey = await resolveMasterKey(context)
    const { database } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: 2, migrate: true })
    const { kid } = await rotateSigningKey(database.db, masterKey)
    process.stdout.write(`New signing key: ${kid}\n`)
    return 0
  },
}
