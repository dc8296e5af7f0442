import { openDatabase } from '@kindred/runtime'
import type { Command } from '../command.ts'

export const migrate: Command = {
  summary: 'Apply pending hub and job-queue migrations',
  usage: 'migrate',
  async run(context) {
    await openDatabase(context, { applicationName: 'kindred-cli', poolMax: 2, migrate: true })
    process.stdout.write('Hub migrations are current.\n')
    return 0
  },
}
