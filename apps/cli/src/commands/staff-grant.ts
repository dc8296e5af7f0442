import { isKindredError, KindredError } from '@kindred/errors'
import { accountIdByEmail, grantRole } from '@kindred/identity'
import { openDatabase } from '@kindred/runtime'
import type { Command } from '../command.ts'

export const staffGrant: Command = {
  summary: 'Make an account a member of the network staff (recorded in the role history)',
  usage: 'staff:grant <email>',
  async run(context, args) {
    const [email] = args
    if (email === undefined || args.length !== 1) {
      process.stderr.write('Usage: npm run kindred -- staff:grant <email>\n')
      return 2
    }
    const { database } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: 2, migrate: true })
    const accountId = await accountIdByEmail(database.db, email).catch((error: unknown) => {
      if (isKindredError(error) && error.code === 'KINDRED_NOT_FOUND') {
        throw new KindredError('KINDRED_NOT_FOUND', 'No account with that email; register first, then run this command again.')
      }
      throw error
    })
    const account = await grantRole(database.db, { accountId, role: 'staff' })
    process.stdout.write(`${account.displayName} is now network staff.\n`)
    return 0
  },
}
