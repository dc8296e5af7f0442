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
    const account = await grantRole(database.db, { accountId: await accountIdByEmail(database.db, email), role: 'staff' })
    process.stdout.write(`${account.displayName} is now network staff.\n`)
    return 0
  },
}
