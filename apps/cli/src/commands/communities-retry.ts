import { openDatabase } from '@kindred/runtime'
import { retryProvisioning } from '@kindred/tenancy'
import type { Command } from '../command.ts'

export const communitiesRetry: Command = {
  summary: 'Queue again the provisioning of a community whose provisioning failed',
  usage: 'communities:retry <slug>',
  async run(context, args) {
    const [slug] = args
    if (slug === undefined || args.length !== 1) {
      process.stderr.write('Usage: npm run kindred -- communities:retry <slug>\n')
      return 2
    }
    const { database } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: 2, migrate: true })
    await retryProvisioning(database.db, { slug, actorId: null, reason: 'Retried from the command line' })
    process.stdout.write(`Provisioning of ${slug} is queued again; a worker will pick it up.\n`)
    return 0
  },
}
