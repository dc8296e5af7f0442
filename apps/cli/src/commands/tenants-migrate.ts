import { rolloutTenantMigrations, type RolloutResult } from '@kindred/tenancy'
import type { Command } from '../command.ts'
import { openForCommunities } from '../connections.ts'
import { parseOptions } from '../options.ts'
import { progressReporter } from '../progress.ts'

const usage = 'tenants:migrate [--concurrency N]'
const defaultConcurrency = 4

function parseConcurrency(args: string[]): number | undefined {
  const options = parseOptions(args, { concurrency: /^[1-9][0-9]?$/ })
  return options === undefined ? undefined : Number(options.concurrency ?? defaultConcurrency)
}

function report(result: RolloutResult): number {
  const waiting = result.notBuilt > 0 ? `, ${result.notBuilt} still being provisioned` : ''
  process.stdout.write(
    `Tenants: ${result.migrated} migrated, ${result.upToDate} already current${waiting}, ${result.failures.length} failed.\n`,
  )
  if (result.failures.length === 0) return 0
  process.stderr.write(`These tenants failed to migrate:\n`)
  for (const failure of result.failures)
    process.stderr.write(`  ${failure.slug} (${failure.placement}/${failure.schema}): ${failure.error}\n`)
  return 1
}

export const tenantsMigrate: Command = {
  summary: 'Bring every community schema to the latest tenant migration (exit 1 if any failed)',
  usage,
  async run(context, args) {
    const concurrency = parseConcurrency(args)
    if (concurrency === undefined) {
      process.stderr.write(`Usage: npm run kindred -- ${usage} (N from 1 to 99)\n`)
      return 2
    }
    const { database, placements } = await openForCommunities(context, concurrency)
    const progress = progressReporter(process.stderr, 'tenants')
    const result = await rolloutTenantMigrations(
      { db: database.db, placements, logger: context.logger },
      { concurrency, onProgress: (step) => progress.update(step) },
    )
    progress.finish()
    return report(result)
  },
}
