import { isKindredError } from '@kindred/errors'
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
    try {
      await retryProvisioning(database.db, { slug, actorId: null, reason: 'Retried from the command line' })
    } catch (error) {
      if (!isKindredError(error)) throw error
      process.stderr.write(`${error.message}\n`)
      return 1
    }
    process.stdout.write(`Provisioning of ${slug} is queued again; a worker will pick it up.\n`)
    return 0
  },
}
